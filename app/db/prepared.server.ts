import { type Compilable, type CompiledQuery, type Kysely } from "kysely";
import type { Database } from "./schema";

/** Stands for a value while a statement is built: compiled, it is one of the statement's parameters. */
class Placeholder {
  constructor(readonly name: string) {}
}

/** How many shapes a statement keeps compiled (one per scope seen, usually a handful). */
const MAX_SHAPES = 500;

/**
 * A statement built with kysely once per shape, then run with new values.
 *
 * Building and compiling a query costs 50–70 µs even when hot — on the pages
 * read most (every request's session, the case page), about a third of the
 * JavaScript around the database. A prepared statement keeps the builder and
 * its type checks: `build` is ordinary kysely code, called with placeholders
 * in place of `values`; the compiled SQL is kept under `shapeKey(shape)` and
 * each run only swaps the placeholders for the values.
 *
 * The rule that makes it safe: the SQL may depend on `shape` (a scope, a
 * case path: whatever `shapeKey` names) but never on `values`, which must only
 * be compared, inserted or selected, as query parameters. A value used any
 * other way (in a JavaScript condition, as a list, as SQL text) is caught the
 * first time the statement compiles: it would not be among the parameters.
 * Every Schedario dialect compiles as PostgreSQL, so one compiled text serves
 * them all.
 */
export function preparedStatement<Shape, Values extends Record<string, unknown>, Row>(
  shapeKey: (shape: Shape) => string,
  build: (db: Kysely<Database>, shape: Shape, values: Values) => Compilable<Row>,
) {
  const compiled = new Map<string, CompiledQuery<Row>>();

  function compile(db: Kysely<Database>, shape: Shape, names: string[]): CompiledQuery<Row> {
    const placeholders = Object.fromEntries(names.map((name) => [name, new Placeholder(name)])) as unknown as Values;
    const query = build(db, shape, placeholders).compile();
    const used = new Set(query.parameters.filter((p): p is Placeholder => p instanceof Placeholder).map((p) => p.name));
    const unused = names.filter((name) => !used.has(name));
    if (unused.length) throw new Error(`prepared statement: ${unused.join(", ")} must be query parameters, not part of the statement's shape`);
    return query;
  }

  return async function run(db: Kysely<Database>, shape: Shape, values: Values): Promise<Row[]> {
    const key = shapeKey(shape);
    let query = compiled.get(key);
    if (!query) {
      query = compile(db, shape, Object.keys(values));
      if (compiled.size >= MAX_SHAPES) compiled.delete(compiled.keys().next().value!);
      compiled.set(key, query);
    }
    const parameters = query.parameters.map((p) => (p instanceof Placeholder ? values[p.name] : p));
    const result = await db.executeQuery<Row>({ ...query, parameters });
    return result.rows;
  };
}
