import type { TPublicCaseList } from '@onegrid/core/api/citizen'
import { citizenStage } from '@onegrid/core/citizen/plain-steps'
import type { Clock } from '../../platform/clock.ts'
import { NotFound, text } from '../../platform/http/errors.ts'
import type { FileService } from '../../platform/storage/file-service.ts'
import { blurMeters, type CitizenQueries } from './citizen-queries.ts'

const most = 2000

/**
 * The public map (C13): residents' handled cases of the last days, each a
 * category, dates and a point rounded to about 100 m — no description, no
 * address, no person — with the thumbnails a moderator approved.
 */
export class PublicCases {
  constructor(
    private readonly queries: CitizenQueries,
    private readonly files: FileService,
    private readonly clock: Clock,
  ) {}

  async list(days: number): Promise<TPublicCaseList> {
    const since = new Date(this.clock.now().getTime() - days * 86_400_000)
    const rows = await this.queries.publicCases(since, most)
    return {
      days,
      blurMeters,
      items: rows.map((r) => ({
        id: r.code,
        category: r.category,
        group: r.grp,
        stage: citizenStage(r.status),
        reportedAt: new Date(r.reported_at).toISOString(),
        closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
        lng: Number(r.lng),
        lat: Number(r.lat),
        photos: (r.photos ?? []).map((id) => `/api/citizen/photos/${id}`),
      })),
    }
  }

  /** An approved photo's thumbnail: re-encoded, so no camera or place metadata goes out. */
  async photo(id: number): Promise<{ bytes: Buffer; mime: string }> {
    const sha = await this.queries.approvedThumb(id)
    const file = sha ? await this.files.read(sha) : null
    if (!file) throw new NotFound(text('照片', 'Photo'), String(id))
    return file
  }
}
