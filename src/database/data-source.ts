// Data source for the TypeORM CLI (npm run migration:run), reading the same environment as the app;
// its migrations take the same lock as the app's start-up (migrating-data-source.ts).
import { loadConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { MigratingDataSource } from './migrating-data-source.js';

export default new MigratingDataSource(await dataSourceOptions(loadConfig(process.env).database));
