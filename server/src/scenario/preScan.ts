/**
 * Checks on the raw text, before any parsing: how deep collections nest, and
 * characters that YAML does not allow. Both run in one linear pass without
 * recursion, so they cost a few milliseconds even on a hostile 5 MB file.
 *
 * Why before parsing: the `yaml` package composes nodes recursively and runs
 * out of stack near 900 levels (it then reports "Maximum call stack size
 * exceeded"), its parser takes seconds on a million open brackets, and every
 * later tree walk (toJS, validation, hovers) recurses too. A scenario nests
 * about five levels deep; anything beyond the limit is refused whole, with
 * one diagnostic that names the limit.
 */
import type { Problem } from './types';
import { formatInteger } from './format';

/** Deepest nesting of collections analysed; scenarios need about five levels. */
export const MAX_NESTING_DEPTH = 100;

/**
 * Most lines plus flow-collection items that are parsed; a scenario has a few
 * hundred. The `yaml` package reads about 100,000 of them a second when they
 * are well formed, but a megabyte of bare commas (a million errors) took 18 s;
 * this bounds how long one file can hold up the server. A long single line of
 * text costs next to nothing and is not limited. Checked in parseYaml, so an
 * edit that re-parses only one list item (incremental/) does not rescan.
 */
export const MAX_ENTRIES = 200_000;

/** Where the text first goes beyond a structural limit, and which. */
export interface Beyond {
  limit: 'nesting' | 'entries';
  offset: number;
}

const SPACE = 0x20, TAB = 0x09, LF = 0x0a, CR = 0x0d;

/** A blank or the end of the text (charCodeAt gives NaN there: `c !== c`). */
const isBlank = (c: number) => c === SPACE || c === TAB || c === CR || c === LF || c !== c;

/**
 * The offset at which collections first nest deeper than `max`, or undefined.
 *
 * A close estimate, made to catch pathological nesting rather than to be
 * exact: flow collections (`[`, `{`) are counted outside quotes and comments;
 * a block line adds one level per entry it opens (`key:`, and each of the
 * compact indicators in `- - ? x`) to the depth of the nearest less-indented
 * line that opened an entry. Block scalar bodies (`|`, `>`) and quoted text
 * are skipped.
 */
export function nestingBeyond(text: string, max: number = MAX_NESTING_DEPTH): number | undefined {
  const r = structureBeyond(text, max, Infinity);
  return r?.offset;
}

/**
 * The first place the text nests deeper than `maxDepth` (see {@link nestingBeyond})
 * or holds more than `maxEntries` lines and flow items, in one linear pass.
 *
 * Opening a file asks twice about the same text: nestingBeyond(text) before
 * parsing, structureBeyond(text, Infinity, MAX_ENTRIES) in parseYaml. With the
 * default limits (each either its default or Infinity), one pass answers both:
 * it records the first place beyond each limit, which is where a pass with
 * only that limit stops (nothing but the returns depends on the limits), and
 * the answers for the latest text are kept.
 */
export function structureBeyond(text: string, maxDepth: number = MAX_NESTING_DEPTH, maxEntries: number = MAX_ENTRIES): Beyond | undefined {
  const depthKnown = maxDepth === MAX_NESTING_DEPTH || maxDepth === Infinity;
  const entriesKnown = maxEntries === MAX_ENTRIES || maxEntries === Infinity;
  if (!depthKnown || !entriesKnown) return scan(text, maxDepth, maxEntries, undefined);
  let found = memo;
  if (!found || found.text !== text) {
    found = { text, nesting: undefined, entries: undefined, nestingFirst: false };
    if (!withinLimits(text)) scan(text, MAX_NESTING_DEPTH, MAX_ENTRIES, found);
    memo = found;
  }
  const nesting = maxDepth === Infinity ? undefined : found.nesting;
  const entries = maxEntries === Infinity ? undefined : found.entries;
  if (!nesting || !entries) return nesting ?? entries;
  return found.nestingFirst ? nesting : entries;
}

interface Found {
  text: string;
  /** The first place beyond each limit. */
  nesting: Beyond | undefined;
  entries: Beyond | undefined;
  /** Whether the pass came upon the nesting one before the entries one. */
  nestingFirst: boolean;
}

/** The latest text's answers (see structureBeyond). */
let memo: Found | undefined;

/**
 * Largest small integer (Smi): limits are clamped to it, so the loop compares
 * small integers only (Infinity is a heap number and made the optimized loop
 * bail out). Counts and depths never reach it: a string is shorter.
 */
const SMI_MAX = 0x3fffffff;

/**
 * The pass. Without `found`, it returns at the first place beyond a limit;
 * with it, it records the first place beyond each and goes on until both are
 * found or the text ends.
 */
function scan(text: string, maxDepth: number, maxEntries: number, found: Found | undefined): Beyond | undefined {
  const max = maxDepth > SMI_MAX ? SMI_MAX : maxDepth;
  const maxCount = maxEntries > SMI_MAX ? SMI_MAX : maxEntries;
  /** Records a place beyond a limit; true when the pass is over. */
  const beyond = (limit: Beyond['limit'], offset: number): boolean => {
    if (!found) return true;
    if (limit === 'nesting') {
      if (!found.nesting) {
        found.nesting = { limit, offset };
        found.nestingFirst = !found.entries;
      }
    } else if (!found.entries) found.entries = { limit, offset };
    return found.nesting !== undefined && found.entries !== undefined;
  };
  let count = 0;
  const n = text.length;
  // Lines that open entries and enclose the current one: their indents and depths.
  const indents: number[] = [];
  const depths: number[] = [];
  let flow = 0;
  let flowBase = 0; // block depth of the line where the open flow collection started
  let quote = 0; // the open quote character, 0 if none
  let blockScalarParent = -1; // indent of the line that opened a block scalar, -1 if none
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // The next quote, bracket or block scalar indicator (`"'[{|>`), `:` and `#`
  // at or after the position each was searched from, or n; searched again
  // when a line starts beyond it.
  let special = -1;
  let colon = -1;
  let hash = -1;

  while (i < n) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = n;
    if (++count > maxCount && beyond('entries', i)) return { limit: 'entries', offset: i };
    let p = i;
    let indent = 0;
    while (p < end && text.charCodeAt(p) === SPACE) { p++; indent++; }
    const blankLine = p >= end || (p === end - 1 && text.charCodeAt(p) === CR);

    if (quote === 0 && flow === 0 && blockScalarParent >= 0) {
      if (blankLine || indent > blockScalarParent) { i = end + 1; continue; }
      blockScalarParent = -1;
    }

    let atStart = true;
    if (quote === 0 && flow === 0) {
      const c0 = text.charCodeAt(p);
      if (blankLine || c0 === 0x23 /* # */) { i = end + 1; continue; }
      // Document markers start afresh.
      if (indent === 0 && (text.startsWith('---', p) || text.startsWith('...', p)) && isBlank(text.charCodeAt(p + 3))) {
        indents.length = 0;
        depths.length = 0;
        p += 3;
      }
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) { indents.pop(); depths.pop(); }
      const base = depths.length > 0 ? depths[depths.length - 1]! : 0;
      // Compact indicators: `- `, `? `, `: ` at the start of the line.
      let compact = 0;
      for (;;) {
        const c = text.charCodeAt(p);
        if ((c === 0x2d /* - */ || c === 0x3f /* ? */ || c === 0x3a /* : */) && isBlank(text.charCodeAt(p + 1)) && p < end) {
          compact++;
          p++;
          while (p < end && (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB)) p++;
        } else break;
      }
      // Most lines hold no quote, bracket or block scalar indicator after their
      // indicators: then the loop over the rest of the line below changes
      // nothing (no quote or flow collection opens, no block scalar starts, and
      // flowBase ends at 0), and the key indicator is the first `:` before a
      // blank, unless a `#` comes before it (hasKeyIndicator then decides).
      // Those characters are found by native searches (a sticky regex, indexOf),
      // each position kept until the line start passes it, so the whole text
      // is searched once for each and the loop runs per line, not per character.
      if (special < p) {
        SPECIAL_FREE.lastIndex = p;
        SPECIAL_FREE.test(text);
        special = SPECIAL_FREE.lastIndex;
      }
      if (special >= end) {
        if (colon < p) { colon = text.indexOf(':', p); if (colon < 0) colon = n; }
        let q = colon;
        let key = false;
        while (q < end) {
          if (q + 1 >= end || isBlank(text.charCodeAt(q + 1))) { key = true; break; }
          q = text.indexOf(':', q + 1);
          if (q < 0) q = n;
        }
        colon = q;
        if (key) {
          if (hash < p) { hash = text.indexOf('#', p); if (hash < 0) hash = n; }
          if (hash < q) key = hasKeyIndicator(text, p, end);
        }
        const levels = key ? compact + 1 : compact;
        const lineDepth = base + levels;
        if (levels > 0) { indents.push(indent); depths.push(lineDepth); }
        if (lineDepth > max && beyond('nesting', i + indent)) return { limit: 'nesting', offset: i + indent };
        flowBase = 0;
        i = end + 1;
        continue;
      }
      const levels = compact + (hasKeyIndicator(text, p, end) ? 1 : 0);
      const lineDepth = base + levels;
      if (levels > 0) { indents.push(indent); depths.push(lineDepth); }
      if (lineDepth > max && beyond('nesting', i + indent)) return { limit: 'nesting', offset: i + indent };
      flowBase = lineDepth;
    }

    // The rest of the line: quotes, comments, flow brackets, block scalar headers.
    let prevBlank = true;
    for (; p < end; p++) {
      const c = text.charCodeAt(p);
      if (quote !== 0) {
        if (quote === 0x22 && c === 0x5c /* \ */) { p++; continue; }
        if (c === quote) {
          if (quote === 0x27 && text.charCodeAt(p + 1) === 0x27) { p++; continue; }
          quote = 0;
          atStart = false;
        }
        continue;
      }
      if (c === SPACE || c === TAB || c === CR) { prevBlank = true; continue; }
      const wasBlank = prevBlank;
      prevBlank = false;
      if (c === 0x23 /* # */ && wasBlank) break;
      if ((c === 0x22 || c === 0x27) && atStart) { quote = c; continue; }
      if ((c === 0x5b /* [ */ || c === 0x7b /* { */) && (atStart || flow > 0)) {
        flow++;
        if (flowBase + flow > max && beyond('nesting', p)) return { limit: 'nesting', offset: p };
        if (++count > maxCount && beyond('entries', p)) return { limit: 'entries', offset: p };
        atStart = true;
        continue;
      }
      if ((c === 0x5d /* ] */ || c === 0x7d /* } */) && flow > 0) {
        flow--;
        atStart = false;
        continue;
      }
      if (c === 0x2c /* , */ && flow > 0) {
        if (++count > maxCount && beyond('entries', p)) return { limit: 'entries', offset: p };
        atStart = true;
        continue;
      }
      if (c === 0x3a /* : */ && (isBlank(text.charCodeAt(p + 1)) || (flow > 0 && ',[]{}'.includes(text[p + 1] ?? '')))) { atStart = true; continue; }
      if ((c === 0x7c /* | */ || c === 0x3e /* > */) && atStart && flow === 0) { blockScalarParent = indent; break; }
      if ((c === 0x26 /* & */ || c === 0x21 /* ! */) && atStart) {
        while (p + 1 < end && !isBlank(text.charCodeAt(p + 1))) p++;
        continue;
      }
      atStart = false;
    }
    if (flow === 0 && quote === 0) flowBase = 0;
    i = end + 1;
  }
  return undefined;
}

/**
 * Where the pass could go beyond a limit, with the default limits: a flow
 * collection (`[` or `{`, even in a comment or quotes), a line indented by 50
 * spaces or more, or a line that starts (after its indent) with two compact
 * indicators (`- - `, `? - `, ...). `^` also matches after a lone CR, which
 * only adds places. No BOM: the first line's indent is counted after it.
 */
const MAYBE_BEYOND = /[[{]|^(?: {50}| *[-?:][ \t]+[-?:](?:[ \t\r\n]|$))/m;

/**
 * Whether the pass with the default limits provably finds nothing, shown with
 * native searches instead of the pass (a few milliseconds at 50,000 lines
 * rather than tens): true only when
 * - there is no `[` or `{`, so no flow collection opens: the entry count is
 *   the number of lines, and the depth is only a block line's `lineDepth`;
 * - every line has at most one compact indicator and fewer than 50 leading
 *   spaces. The lines that enclose a block line have strictly increasing
 *   indents below its own (the stack pops every indent not below it), so
 *   with it they are at most 50, each adding at most 2 levels (one compact
 *   indicator, one key): its depth is at most 100, not beyond MAX_NESTING_DEPTH;
 * - there are at most MAX_ENTRIES - 1 line feeds (at most MAX_ENTRIES lines).
 * When false, the pass decides.
 */
function withinLimits(text: string): boolean {
  if (MAX_NESTING_DEPTH < 100 || text.charCodeAt(0) === 0xfeff || MAYBE_BEYOND.test(text)) return false;
  if (text.length <= MAX_ENTRIES) return true;
  let lineFeeds = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (++lineFeeds >= MAX_ENTRIES) return false;
  }
  return true;
}

/**
 * Matches up to the next character after which the loop over a line's rest
 * may change the pass's state (a quote, `[`, `{`, `|`, `>`): its lastIndex
 * after a test is that character's offset, or the text's length.
 */
const SPECIAL_FREE = /[^"'[{|>]*/y;

/** Whether the line from `p` to `end` holds a block mapping key (`key:` followed by a blank). */
function hasKeyIndicator(text: string, p: number, end: number): boolean {
  let quote = 0;
  let prevBlank = true;
  for (let q = p; q < end; q++) {
    const c = text.charCodeAt(q);
    if (quote !== 0) {
      if (quote === 0x22 && c === 0x5c) { q++; continue; }
      if (c === quote) quote = 0;
      continue;
    }
    if ((c === 0x22 || c === 0x27) && q === p) { quote = c; continue; }
    if (c === 0x23 && prevBlank) return false;
    if (c === 0x5b || c === 0x7b) return false;
    if (c === 0x3a && (q + 1 >= end || isBlank(text.charCodeAt(q + 1)))) return true;
    prevBlank = c === SPACE || c === TAB;
  }
  return false;
}

/** The problem for text beyond a structural limit: the whole file is left unchecked. */
export function structureProblem(text: string, beyond: Beyond): Problem {
  if (beyond.limit === 'nesting') return nestingProblem(text, beyond.offset);
  const p = nestingProblem(text, beyond.offset);
  return {
    ...p,
    code: 'limit-entries',
    message: `The file holds more than ${formatInteger(MAX_ENTRIES)} lines and list or mapping items by here (a scenario has a few hundred), so it is not checked.`,
  };
}

/** The problem for text nested beyond the limit: the whole file is left unchecked. */
export function nestingProblem(text: string, offset: number, max: number = MAX_NESTING_DEPTH): Problem {
  let end = text.indexOf('\n', offset);
  if (end < 0 || end - offset > 200) end = Math.min(text.length, offset + 200);
  return {
    span: { start: offset, end: Math.max(end, Math.min(text.length, offset + 1)) },
    severity: 'error',
    code: 'limit-nesting',
    message: `Lists and mappings nest more than ${max} levels deep here (the limit for scenario files, which need about five), so the file is not checked.`,
  };
}

/**
 * Characters YAML does not allow in a stream (C0 controls other than tab, line
 * feed and carriage return; DEL; C1 controls other than NEL; lone surrogates;
 * U+FFFE and U+FFFF). A NUL marks a binary file.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Problems with the file's characters: a binary file (one with a NUL) is
 * refused whole; otherwise the first forbidden character and the first lone
 * CR are errors and the first U+FFFD (what an editor shows for bytes that are
 * not UTF-8) a warning.
 */
export function characterProblems(text: string): { problems: Problem[]; binary: boolean } {
  const problems: Problem[] = [];
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    problems.push({
      span: { start: nul, end: nul + 1 },
      severity: 'error',
      code: 'binary-file',
      message: 'The file holds a NUL character, so it looks like a binary file rather than a YAML scenario; it is not checked.',
    });
    return { problems, binary: true };
  }
  FORBIDDEN.lastIndex = 0;
  const bad = FORBIDDEN.exec(text);
  if (bad) {
    let count = 0;
    FORBIDDEN.lastIndex = 0;
    while (FORBIDDEN.exec(text)) count++;
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    problems.push({
      span: { start: bad.index, end: bad.index + 1 },
      severity: 'error',
      code: 'forbidden-character',
      message: `YAML does not allow the control character U+${code} here${count > 1 ? ` (${count} such characters in the file)` : ''}; remove it.`,
    });
  }
  // YAML 1.2 counts a lone CR as a line break, but the yaml package does not:
  // the lines around it run together (a file of old Mac line endings reads as
  // one line). Say so where it happens.
  const loneCr = /\r(?!\n)/g;
  const cr = loneCr.exec(text);
  if (cr) {
    let count = 1;
    while (loneCr.exec(text)) count++;
    problems.push({
      span: { start: cr.index, end: cr.index + 1 },
      severity: 'error',
      code: 'lone-cr',
      message: `This line ends in a carriage return (CR) without a line feed${count > 1 ? ` (${count} such line ends in the file)` : ''}; the YAML reader does not take it as a line break, so the lines around it run together. Save the file with LF or CRLF line endings.`,
    });
  }
  const replacement = text.indexOf('\ufffd');
  if (replacement >= 0) {
    problems.push({
      span: { start: replacement, end: replacement + 1 },
      severity: 'warning',
      code: 'not-utf8',
      message: 'U+FFFD (�) stands for bytes that are not valid UTF-8: the file was probably saved in another encoding. Save it as UTF-8.',
    });
  }
  return { problems, binary: false };
}
