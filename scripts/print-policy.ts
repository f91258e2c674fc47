/** `npm run docs:policy`: prints the authorization policy as the Markdown tables docs/security.md carries. */
import { policyTableMarkdown } from '../sync-server/policy/policy-table.ts';

process.stdout.write(`${policyTableMarkdown()}\n`);
