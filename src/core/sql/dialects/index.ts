// The SQL engines BCE Lens writes the loss query for, by id.
import type { SqlDialect, SqlDialectId } from '../dialect';
import { bigquery } from './bigquery';
import { clickhouse } from './clickhouse';
import { duckdb } from './duckdb';
import { postgres } from './postgres';
import { spark } from './spark';
import { trino } from './trino';

export const SQL_DIALECTS: Readonly<Record<SqlDialectId, SqlDialect>> = { duckdb, postgres, spark, bigquery, trino, clickhouse };

export const SQL_DIALECT_IDS = Object.keys(SQL_DIALECTS) as SqlDialectId[];
