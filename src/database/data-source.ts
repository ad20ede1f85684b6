// Data source for the TypeORM CLI (npm run migration:run), reading the same environment as the app.
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';

export default new DataSource(await dataSourceOptions(loadConfig(process.env).database));
