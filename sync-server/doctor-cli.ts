import { ConfigError, readServerConfig } from './config.js';
import { configFindings, formatFindings } from './config-safety.js';

/**
 * `npm run server:doctor`: checks the sync server's configuration (this environment's
 * variables) without starting it, says what is unsafe and how to fix it. Exit code 1 when the
 * server would refuse to start, 0 otherwise.
 */
try {
  const config = readServerConfig(process.env, { demoCatalogPath: 'resources/demo-catalog/catalog.json' });
  const findings = configFindings(config);
  process.stdout.write(`Zhiku sync server configuration (${config.mode} mode)\n${formatFindings(findings)}\n`);
  process.exitCode = findings.some((f) => f.level === 'error') ? 1 : 0;
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stdout.write(`UNSAFE  ${error.message}\n`);
  process.exitCode = 1;
}
