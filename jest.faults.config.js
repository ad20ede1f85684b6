// The fault tests (`npm run test:faults`): a private MariaDB server killed and restarted, an SMTP
// server refusing connections, the service killed, a full disk. Their own config, so that `npm test`
// never runs them; see README.md, "Fault tests".
import { common } from './jest.config.js';

export default {
  // A fault test waits for recoveries (a database restart, an email retried after 30 s): minutes,
  // not seconds, on 2 busy cores. Each test polls for its conditions with its own deadlines.
  testTimeout: 300_000,
  projects: [
    {
      ...common,
      displayName: 'faults',
      rootDir: '.',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      setupFiles: ['<rootDir>/test/setup-env.ts'],
    },
  ],
};
