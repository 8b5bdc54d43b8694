import { Readable } from 'node:stream'
import { z } from 'zod'

/** A file written while it is sent (an export): streams skip the serializer; OpenAPI says binary. */
export const ZStreamedFile = z
  .custom<Readable>((v) => v instanceof Readable)
  .meta({ type: 'string', format: 'binary' })
