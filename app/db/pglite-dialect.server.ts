import type { PGlite } from "@electric-sql/pglite";
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from "kysely";

/**
 * A kysely dialect for PGlite (kysely 0.28 has none built in; 0.29 needs Node 22).
 *
 * PGlite is a single connection. kysely holds a connection for the whole of a
 * transaction, so a mutex around acquire/release is enough to stop two
 * concurrent transactions from interleaving their statements on it.
 *
 * `open` runs on the first query (kysely's driver init), so that PGlite is
 * imported only by processes that query it. What it returns as `release`
 * runs after PGlite is closed (the data directory's lock).
 */
export type OpenPGlite = () => Promise<{ pglite: PGlite; release?: () => Promise<void> }>;

export class PGliteDialect implements Dialect {
  constructor(private readonly open: OpenPGlite) {}

  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.open);
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  // Set by init, which kysely awaits before calling anything else.
  private pglite?: PGlite;
  private connection?: PGliteConnection;
  private release?: () => Promise<void>;
  // Tail of the promise chain: each acquirer waits for the previous holder.
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly open: OpenPGlite) {}

  async init() {
    const { pglite, release } = await this.open();
    this.release = release;
    await pglite.waitReady;
    this.pglite = pglite;
    this.connection = new PGliteConnection(pglite);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.connection!.release = release;
    return this.connection!;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : "";
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(connection: DatabaseConnection) {
    (connection as PGliteConnection).release();
  }

  async destroy() {
    if (this.pglite && !this.pglite.closed) await this.pglite.close();
    await this.release?.();
    this.release = undefined;
  }
}

class PGliteConnection implements DatabaseConnection {
  release: () => void = () => {};

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const command = compiledQuery.sql.trimStart().slice(0, 6).toLowerCase();
    const changesRows = ["insert", "update", "delete", "merge "].includes(command);
    return {
      rows: result.rows,
      ...(changesRows && result.affectedRows !== undefined
        ? { numAffectedRows: BigInt(result.affectedRows) }
        : {}),
    };
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    // Exports read in keyset-paginated batches, which works the same on both drivers.
    throw new Error("PGlite dialect: streaming is not supported; read in keyset-paginated batches");
  }
}
