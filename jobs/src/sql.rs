//! Bulk writes: many rows per statement, one round trip per batch.

use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, Statement, Value as DbValue};
use serde_json::Value;

use crate::job::JobError;

/// A table's written columns with their Postgres types (VALUES lists need them).
pub type Columns = &'static [(&'static str, &'static str)];

/// Inserts many rows in one statement. On Postgres, rows without NULLs go as one array per
/// column through `unnest`: binary arrays cost the server nothing to parse (the audit rows of
/// a 500-text batch as JSON took longer to parse than to insert). Otherwise as
/// [`bulk_update`] passes them.
pub async fn bulk_insert(
    txn: &DatabaseTransaction,
    table: &str,
    columns: Columns,
    rows: Vec<Vec<DbValue>>,
) -> Result<(), JobError> {
    let backend = txn.get_database_backend();
    let names = columns
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ");
    let sources = match column_arrays(backend, columns, &rows) {
        Some(arrays) => {
            let casts = columns
                .iter()
                .enumerate()
                .map(|(i, (_, pg_type))| format!("${}::{pg_type}[]", i + 1))
                .collect::<Vec<_>>()
                .join(", ");
            let definition = names.clone();
            vec![(format!("unnest({casts}) AS v({definition})"), arrays)]
        }
        None => row_source(backend, columns, rows),
    };
    for (source, values) in sources {
        let sql = format!("INSERT INTO {table} ({names}) SELECT {names} FROM {source}");
        txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    Ok(())
}

/// One Postgres array per column, or None when the rows cannot go that way (another
/// backend, no rows, or a NULL: arrays are bound without NULL elements).
fn column_arrays(
    backend: DbBackend,
    columns: Columns,
    rows: &[Vec<DbValue>],
) -> Option<Vec<DbValue>> {
    use sea_orm::sea_query::ArrayType;
    if backend != DbBackend::Postgres || rows.is_empty() {
        return None;
    }
    columns
        .iter()
        .enumerate()
        .map(|(i, (_, pg_type))| {
            let element = match *pg_type {
                "bigint" => ArrayType::BigInt,
                "integer" => ArrayType::Int,
                "text" => ArrayType::String,
                "jsonb" => ArrayType::Json,
                "timestamptz" => ArrayType::ChronoDateTimeUtc,
                _ => return None,
            };
            let values = rows
                .iter()
                .map(|row| Some(row[i].clone()).filter(|v| !is_null(v)))
                .collect::<Option<Vec<_>>>()?;
            Some(DbValue::Array(element, Some(Box::new(values))))
        })
        .collect()
}

fn is_null(value: &DbValue) -> bool {
    json_of(value).is_null()
}

/// Updates many rows by id (each row's first value) in one statement:
/// `UPDATE t SET c = v.c, … FROM <rows> AS v WHERE t.id = v.id`. One round trip instead of
/// one per row is most of what makes a sweep of a million rows take minutes, not hours.
pub async fn bulk_update(
    txn: &DatabaseTransaction,
    table: &str,
    columns: Columns,
    rows: Vec<Vec<DbValue>>,
) -> Result<(), JobError> {
    if txn.get_database_backend() == DbBackend::Sqlite && rows.len() == 1 {
        // One row (a job on one interaction): a plain UPDATE. SQLite would copy a VALUES
        // list into a temporary table first, one more copy of a text that may be megabytes.
        // A row is its id, then the columns' values.
        let values = rows.into_iter().next().unwrap_or_default();
        let set = columns
            .iter()
            .enumerate()
            .map(|(i, (name, _))| format!("{name} = ${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("UPDATE {table} SET {set} WHERE id = $1");
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            sql,
            values,
        ))
        .await?;
        return Ok(());
    }
    let assignments = columns
        .iter()
        .map(|(name, _)| format!("{name} = v.{name}"))
        .collect::<Vec<_>>()
        .join(", ");
    let with_id: Vec<(&str, &str)> = std::iter::once(("id", "bigint"))
        .chain(columns.iter().copied())
        .collect();
    for (source, values) in row_source(txn.get_database_backend(), &with_id, rows) {
        let sql = format!("UPDATE {table} SET {assignments} FROM {source} WHERE {table}.id = v.id");
        txn.execute_raw(Statement::from_sql_and_values(
            txn.get_database_backend(),
            sql,
            values,
        ))
        .await?;
    }
    Ok(())
}

/// Rows as a table named `v` with the given columns, as (SQL, bound values) per statement.
///
/// Postgres: the whole batch as one `jsonb` parameter through `jsonb_to_recordset`, so the
/// statement text never changes (prepared once per connection, whatever the batch size; a
/// VALUES list would be parsed and planned anew for every batch, with thousands of
/// parameters). SQLite, in process: a plain VALUES list per 500 rows (its columns are named
/// `columnN`, hence the aliasing subquery). Takes the rows: a large text is moved into the
/// statement, never copied.
fn row_source(
    backend: DbBackend,
    columns: &[(&str, &str)],
    rows: Vec<Vec<DbValue>>,
) -> Vec<(String, Vec<DbValue>)> {
    if rows.is_empty() {
        return Vec::new();
    }
    if backend == DbBackend::Postgres {
        let definition = columns
            .iter()
            .map(|(name, pg_type)| format!("{name} {pg_type}"))
            .collect::<Vec<_>>()
            .join(", ");
        let records: Vec<Value> = rows
            .into_iter()
            .map(|row| {
                debug_assert_eq!(row.len(), columns.len());
                Value::Object(
                    columns
                        .iter()
                        .zip(row)
                        .map(|((name, _), value)| ((*name).to_owned(), json_into(value)))
                        .collect(),
                )
            })
            .collect();
        let source = format!("jsonb_to_recordset($1::jsonb) AS v({definition})");
        return vec![(source, vec![Value::Array(records).into()])];
    }
    let aliases = columns
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("column{} AS {name}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let mut statements = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut values = Vec::new();
        let tuples = rows
            .by_ref()
            .take(500)
            .map(|row| {
                let first = values.len() + 1;
                let placeholders = (first..first + row.len())
                    .map(|n| format!("${n}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                values.extend(row);
                format!("({placeholders})")
            })
            .collect::<Vec<_>>()
            .join(", ");
        statements.push((
            format!("(SELECT {aliases} FROM (VALUES {tuples})) AS v"),
            values,
        ));
    }
    statements
}

/// [`json_of`], moving a string or a JSON document instead of copying it.
fn json_into(value: DbValue) -> Value {
    match value {
        DbValue::String(Some(s)) => Value::String(s),
        DbValue::Json(Some(json)) => *json,
        other => json_of(&other),
    }
}

/// A bound value as JSON for `jsonb_to_recordset`: NULL as null, timestamps as RFC 3339.
fn json_of(value: &DbValue) -> Value {
    match value {
        DbValue::String(Some(s)) => Value::from(s.as_str()),
        DbValue::Json(Some(json)) => (**json).clone(),
        DbValue::Int(Some(n)) => Value::from(*n),
        DbValue::BigInt(Some(n)) => Value::from(*n),
        DbValue::ChronoDateTimeUtc(Some(at)) => Value::from(at.to_rfc3339()),
        DbValue::String(None)
        | DbValue::Json(None)
        | DbValue::Int(None)
        | DbValue::BigInt(None)
        | DbValue::ChronoDateTimeUtc(None) => Value::Null,
        other => unreachable!("bulk writes bind no {other:?}"),
    }
}
