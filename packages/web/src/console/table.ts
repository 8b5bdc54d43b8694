/**
 * Element Plus types a column slot's row as a plain record whatever the table's `data` is; the row is
 * one of the items we passed in, so this names its type again for typed helpers.
 */
export function rowAs<T>(): (row: object) => T {
  return (row) => row as T
}
