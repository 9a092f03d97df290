/**
 * The scenario a new file starts from: the `Gigafactory: New Scenario`
 * command writes it, and the completion snippet for a new scenario is made
 * from it. It passes every schema rule and check (a unit test keeps it so):
 * 100,000 B200 in Germany need 216 MW of the 250 MW connection, and the
 * EUR 6.5B of funding covers the capex of about EUR 6.27B.
 */
export const SCENARIO_TEMPLATE = `# A new AI gigafactory scenario. Hover any figure to see where it comes from.
apiVersion: gigafactory/v1
kind: Scenario
metadata:
  name: new-scenario
  title: New AI gigafactory
site:
  name: Garching
  country: DE
  gridCapacity: 250 MW
  gridAvailableFrom: 2028
hardware:
  accelerators:
    - model: nvidia-b200
      count: 100000
power:
  pue: 1.2
timeline:
  start: 2026
  operational: 2028
funding:
  - name: InvestAI gigafactory fund
    type: eu-grant
    amount: 1.5B EUR
  - name: European Investment Bank
    type: eib-loan
    amount: 1.5B EUR
    rate: 3.5%
  - name: Private investors
    type: private-equity
    amount: 3.5B EUR
`;

/** The template as a snippet: the name, title and site are tab stops. */
export function scenarioTemplateSnippet(): string {
  return SCENARIO_TEMPLATE
    .replace(/[$}\\]/g, (c) => `\\${c}`)
    .replace('name: new-scenario', 'name: ${1:new-scenario}')
    .replace('title: New AI gigafactory', 'title: ${2:New AI gigafactory}')
    .replace('name: Garching', 'name: ${3:Garching}')
    .replace(/\n$/, '\n$0');
}
