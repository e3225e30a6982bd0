import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Compares prisma/schema.prisma with a live database: every model's table,
 * every scalar field's column (type, nullability, list-ness), every enum's
 * values, and no column the schema does not know. Our migrations are SQL we
 * write by hand, so this is what keeps the two honest.
 */
export type FieldSpec = { name: string; column: string; type: string; optional: boolean; list: boolean; nativeType: string | null };
export type ModelSpec = { name: string; table: string; fields: FieldSpec[] };
export type SchemaSpec = { models: ModelSpec[]; enums: Map<string, string[]> };

const SCALARS = new Set(["String", "Int", "BigInt", "Float", "Boolean", "DateTime", "Json", "Decimal", "Bytes"]);

export function parsePrismaSchema(source: string): SchemaSpec {
  const text = source.replace(/\/\/.*$/gm, "");
  const enums = new Map<string, string[]>();
  for (const m of text.matchAll(/^enum\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    enums.set(m[1]!, m[2]!.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("@@")).map((l) => l.split(/\s+/)[0]!));
  }
  const models: ModelSpec[] = [];
  for (const m of text.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const name = m[1]!;
    const body = m[2]!;
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? name;
    const fields: FieldSpec[] = [];
    for (const raw of body.split("\n")) {
      const line = raw.trim();
      if (!line || line.startsWith("@@")) continue;
      const [fname, ftype] = line.split(/\s+/);
      if (!fname || !ftype) continue;
      const base = ftype.replace(/[?[\]]/g, "");
      if (!SCALARS.has(base) && !enums.has(base)) continue; // relation field
      fields.push({
        name: fname,
        column: /@map\("([^"]+)"\)/.exec(line)?.[1] ?? fname,
        type: base,
        optional: ftype.endsWith("?"),
        list: ftype.endsWith("[]"),
        nativeType: /@db\.(\w+)/.exec(line)?.[1] ?? null,
      });
    }
    models.push({ name, table, fields });
  }
  return { models, enums };
}

export function loadSchema(file = path.join(process.cwd(), "prisma", "schema.prisma")): SchemaSpec {
  return parsePrismaSchema(readFileSync(file, "utf8"));
}

/** The information_schema `data_type` (or udt for enums) a field must have. */
export function expectedDbType(f: FieldSpec, enums: Map<string, string[]>): string {
  if (f.list) return "ARRAY";
  if (enums.has(f.type)) return `enum:${f.type}`;
  switch (f.type) {
    case "String":
      return f.nativeType === "Uuid" ? "uuid" : "text";
    case "Int":
      return "integer";
    case "BigInt":
      return "bigint";
    case "Float":
      return "double precision";
    case "Boolean":
      return "boolean";
    case "DateTime":
      return f.nativeType === "Timestamptz" ? "timestamp with time zone" : "timestamp without time zone";
    case "Json":
      return "jsonb";
    case "Decimal":
      return "numeric";
    case "Bytes":
      return "bytea";
    default:
      return `unknown:${f.type}`;
  }
}

export type DbColumn = { table: string; column: string; dataType: string; udtName: string; nullable: boolean };
export type DbEnum = { name: string; values: string[] };

export function compareSchema(spec: SchemaSpec, columns: DbColumn[], dbEnums: DbEnum[], ignoreTables: string[] = []): string[] {
  const problems: string[] = [];
  const byTable = new Map<string, Map<string, DbColumn>>();
  for (const c of columns) {
    if (!byTable.has(c.table)) byTable.set(c.table, new Map());
    byTable.get(c.table)!.set(c.column, c);
  }
  for (const model of spec.models) {
    const cols = byTable.get(model.table);
    if (!cols) {
      problems.push(`table ${model.table} (model ${model.name}) is missing`);
      continue;
    }
    for (const f of model.fields) {
      const col = cols.get(f.column);
      if (!col) {
        problems.push(`column ${model.table}.${f.column} (${model.name}.${f.name}) is missing`);
        continue;
      }
      const want = expectedDbType(f, spec.enums);
      const got = col.dataType === "USER-DEFINED" ? `enum:${col.udtName}` : col.dataType;
      if (want !== got) problems.push(`column ${model.table}.${f.column} is ${got}, schema says ${want}`);
      const wantNullable = f.optional;
      if (!f.list && col.nullable !== wantNullable) {
        problems.push(`column ${model.table}.${f.column} is ${col.nullable ? "nullable" : "NOT NULL"}, schema says ${wantNullable ? "optional" : "required"}`);
      }
      cols.delete(f.column);
    }
    for (const extra of cols.keys()) problems.push(`column ${model.table}.${extra} is not in schema.prisma`);
    byTable.delete(model.table);
  }
  for (const table of byTable.keys()) {
    if (!ignoreTables.includes(table)) problems.push(`table ${table} is not in schema.prisma`);
  }
  const dbEnumMap = new Map(dbEnums.map((e) => [e.name, e.values]));
  for (const [name, values] of spec.enums) {
    const got = dbEnumMap.get(name);
    if (!got) problems.push(`enum ${name} is missing`);
    else if (got.join(",") !== values.join(",")) problems.push(`enum ${name} has (${got.join(", ")}), schema says (${values.join(", ")})`);
  }
  return problems;
}

export const COLUMNS_SQL = `
SELECT table_name AS "table", column_name AS "column", data_type AS "dataType", udt_name AS "udtName", (is_nullable = 'YES') AS nullable
  FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`;

export const ENUMS_SQL = `
SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = 'public' GROUP BY t.typname`;
