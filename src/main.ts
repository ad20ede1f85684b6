import 'reflect-metadata';
import './admin/adminjs-env.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createApp } from './app.factory.js';
import { createLogger } from './common/logging.js';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  await app.listen(config.port);
  logger.info(
    {
      url: config.publicUrl,
      database: config.database.type === 'sqlite' ? config.database.path : 'mysql',
      mail: config.smtpUrl ? 'smtp' : config.mailDir,
      docs: `${config.publicUrl}/api/docs`,
    },
    'Guichet Loisirs is listening',
  );
}

void bootstrap().catch((error: unknown) => {
  console.error('Start-up failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
