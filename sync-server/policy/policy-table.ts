import { COLLECTION_POLICY, gateOf, ROUTE_POLICY, type Grant, type PolicyEntry } from './authorization-policy.js';

const grantText = (grant: Grant) => (grant.relation === 'any' ? grant.role : `${grant.role} (${grant.relation})`);
const grantsText = (entry: PolicyEntry) =>
  entry.grants.length === 0
    ? entry.serverWrites
      ? 'the server only'
      : 'nobody'
    : entry.grants.map(grantText).join(', ');
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The authorization policy as Markdown tables (docs/security.md carries them; a test keeps them equal). */
export function policyTableMarkdown(): string {
  const collections = Object.entries(
    COLLECTION_POLICY as Record<string, { read: PolicyEntry; write: PolicyEntry }>,
  ).map(
    ([name, entry]) =>
      `| \`${name}\` | ${cell(grantsText(entry.read))} | ${cell(grantsText(entry.write))} | ${cell(entry.write.enforcedBy ?? entry.read.enforcedBy ?? '')} |`,
  );
  const routes = Object.entries(ROUTE_POLICY)
    .sort(([a], [b]) => a.split(' ')[1]!.localeCompare(b.split(' ')[1]!) || a.localeCompare(b))
    .map(
      ([route, entry]) =>
        `| \`${route}\` | ${gateOf(entry)} | ${cell(grantsText(entry))} | ${cell(entry.enforcedBy ?? '')} |`,
    );
  return [
    '| collection | read | write | enforced by |',
    '| --- | --- | --- | --- |',
    ...collections,
    '',
    '| route | gate before the handler | who (relation) | relation enforced by |',
    '| --- | --- | --- | --- |',
    ...routes,
  ].join('\n');
}
