// Renders a sample Notice and Undertaking (fictional child and placement) so the layout can be looked
// at: `npx tsx src/documents/sample-notice.ts data/sample-notice.pdf`, with the same notice as JSON beside
// it (data/sample-notice.json). CI turns its first page into a PNG.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyEvent, currentNotice, startPlacement, type PlacementEvent } from '../../machines/placement';
import { activeRulebook } from '../../machines/rulebook';
import { sha256 } from './hash';
import { buildNoticeJson, noticeJsonBytes, noticeSchemaUrl } from './notice-json';
import { buildNoticeModel, type NoticeModel } from './notice-model';
import { renderNoticePdf } from './render-notice';

const NAMES: Record<string, string> = { E08000025: 'Birmingham City Council', S12000033: 'Aberdeen City Council', S08000020: 'NHS Grampian' };

/** The sample's notice model (also the benchmark's input). */
export function sampleNoticeModel(): NoticeModel {
  const started = startPlacement({
    placementId: '00000000-0000-4000-8000-000000000001',
    rulebookId: activeRulebook.id,
    placingAuthorityId: 'E08000025',
    placingNation: 'england',
    child: { firstName: 'Sample', lastName: 'Child', dateOfBirth: '2012-04-02', gender: 'female' },
    setting: 'residential',
    legalBasis: { type: 'care-order', court: 'Family Court at Birmingham', madeOn: '2026-03-01', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: null },
    placement: {
      hostAuthorityId: 'S12000033',
      healthBoardId: 'S08000020',
      serviceName: 'Harbour House',
      serviceAddress: '1 Quay Road, Aberdeen AB11 5XX',
      careInspectorateNumber: 'CS2020000001',
      plannedStart: '2026-03-05T10:00:00Z',
      permanence: 'temporary',
      bestInterests: 'Specialist therapeutic care close to her grandmother.',
    },
    needs: { health: 'Asthma (inhaler); CAMHS referral open', education: 'Year 9; EHCP in place', advocacy: 'Would like an advocate' },
    contacts: { socialWorker: { name: 'Siobhán Ní Bhriain', role: 'Social worker', phone: '0121 000 0000', email: 'siobhan@example.gov.uk' } },
    createdAt: '2026-03-02T09:00:00Z',
  });
  if (!started.ok) throw new Error(JSON.stringify(started.errors));
  const signed: PlacementEvent = { type: 'NOTICE_SIGNED', signatory: { name: 'Jo Bloggs', role: 'Head of Children in Care' }, at: '2026-03-03T09:00:00Z' };
  const r = applyEvent(started.placement, signed);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return buildNoticeModel({
    book: activeRulebook,
    context: r.placement.context,
    version: currentNotice(r.placement.context)!,
    organisationName: (id) => NAMES[id],
    placementReference: 'CBP-SAMPLE01',
  });
}

export const renderSampleNotice = (): Promise<Buffer> => renderNoticePdf(sampleNoticeModel());

if (require.main === module) {
  const out = path.resolve(process.argv[2] ?? 'data/sample-notice.pdf');
  const outJson = out.replace(/(\.pdf)?$/i, '.json');
  renderSampleNotice().then((bytes) => {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, bytes);
    const schemaUrl = noticeSchemaUrl(process.env.CBP_PUBLIC_URL ?? 'http://localhost:3000', activeRulebook.id);
    const json = noticeJsonBytes(buildNoticeJson(sampleNoticeModel(), { schemaUrl, pdfSha256: sha256(bytes) }));
    writeFileSync(outJson, json);
    console.log(`Wrote ${out} (${bytes.length} bytes) and ${outJson} (${json.length} bytes)`);
  });
}
