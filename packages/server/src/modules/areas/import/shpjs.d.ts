/** The parts of shpjs 6 the import uses (the package ships no types). */
declare module 'shpjs' {
  type Bytes = ArrayBuffer | ArrayBufferView
  /** One GeoJSON geometry per record (null for a null shape), in the file's own coordinates when no .prj is given. */
  export function parseShp(shp: Bytes, prj?: string): Array<{ type: string; coordinates: unknown } | null>
  /** One object per record; `cpg` is the .cpg's encoding name (UTF-8 when absent). */
  export function parseDbf(dbf: Bytes, cpg?: string): Array<Record<string, unknown>>
}
