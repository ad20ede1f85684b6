// The panel's filters and the desk's search box share one form of prefix search (src/database/prefix.ts).
export { prefixCondition, prefixSql } from '../../database/prefix.js';
