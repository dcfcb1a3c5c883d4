// The multi-recipient notice carries nothing of the child's voice and relationships beyond its advocacy
// needs: the child's views, siblings and family time are recorded before the notice is signed, then the
// notice PDF (read back as text), the notice model it is laid out from (the notice as data, serialised as
// JSON) and every recipient's mail are searched for them.
import { buildNoticeModel } from '../../src/documents/notice-model';
import { getRulebook } from '../../machines/rulebook';
import { placementReference } from '../../machines/placement';
import { Document, Organisation, OutboxMessage, Placement } from '../../src/store/entities';
import { startHarness, type Harness } from '../support/api-harness';
import { draftBody, PLACING_ORG, postEvent, signatory } from '../api/placement-fixtures';

const pdfjs = (() => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return require('pdfjs-dist/legacy/build/pdf.js');
  } finally {
    log.mockRestore();
  }
})();

async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it: { str?: string }) => it.str ?? '').join(' '));
  }
  await doc.destroy();
  return pages.join(' ');
}

const noSpace = (s: string) => s.replace(/\s+/g, '');

/** What was recorded about the child's voice and relationships, none of which the notice may carry. */
const SECRETS = {
  said: 'Zebedee-the-rabbit-must-come-with-me',
  notPossible: 'Refused-to-talk-after-Oswaldo-phoned',
  recordedBy: 'Quentin Keyworker',
  sibling: 'Bartholomew',
  separationReason: 'Lives-with-his-father-Ignatius',
  contactPlan: 'Fortnightly-trampoline-park',
  who: 'Auntie Philippa',
  district: 'WV14',
  miles: '287',
};
/** What the notice's advocacy needs may say, drawn from the latest views. */
const COMMUNICATION = 'Talks best while walking the dog';

let h: Harness;
const now = new Date('2026-03-04T12:00:00Z');

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
});
afterAll(() => h.close());

test('the notice PDF, its model as JSON and its mails carry the advocacy needs and nothing else of the views, siblings or family time', async () => {
  const placing = await h.userToken('placing', PLACING_ORG);
  const created = await h.http
    .post('/api/placements')
    .set('Authorization', placing)
    .send(draftBody({ needs: { health: 'Asthma', advocacy: 'Has had an advocate in Birmingham.' } }))
    .expect(201);
  const id: string = created.body.id;
  const recordedBy = { name: SECRETS.recordedBy, role: 'Key worker' };
  const at = '2026-03-03T08:00:00Z';
  await postEvent(h, id, placing, {
    type: 'CHILD_VIEWS_RECORDED',
    occasion: 'other',
    childViews: { method: 'not-possible', notPossibleReason: SECRETS.notPossible, recordedBy },
    at,
  }).expect(200);
  await postEvent(h, id, placing, {
    type: 'CHILD_VIEWS_RECORDED',
    occasion: 'notification',
    childViews: { method: 'direct', said: SECRETS.said, ownWords: true, recordedBy, wantsAdvocate: 'yes', communication: COMMUNICATION },
    at,
  }).expect(200);
  await postEvent(h, id, placing, {
    type: 'SIBLING_RECORDED',
    sibling: {
      knownAs: SECRETS.sibling,
      relationship: 'half',
      ageYears: 11,
      livesWhere: 'home-nation',
      separationReason: SECRETS.separationReason,
      contactPlan: SECRETS.contactPlan,
    },
    at,
  }).expect(200);
  await postEvent(h, id, placing, {
    type: 'FAMILY_TIME_ARRANGED',
    arrangement: {
      who: SECRETS.who,
      relationship: 'other-relative',
      how: 'in-person',
      frequency: { times: 1, per: 'month' },
      fromPostcodeDistrict: SECRETS.district,
      milesFromPlacement: 287,
    },
    at,
  }).expect(200);
  await postEvent(h, id, placing, { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' }).expect(200);

  // The PDF as every recipient receives it.
  const doc = await h.orm.em.fork().findOneOrFail(Document, { placementId: id, version: 1 });
  const pdf = await h.http
    .get(`/api/documents/${doc.id}.pdf`)
    .set('Authorization', placing)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  expect(pdf.status).toBe(200);
  expect(Buffer.isBuffer(pdf.body)).toBe(true);
  const text = noSpace(await pdfText(Buffer.from(pdf.body)));
  expect(text).toContain(noSpace('Has had an advocate in Birmingham.'));
  expect(text).toContain(noSpace('The child wants an independent advocate.'));
  expect(text).toContain(noSpace(`What helps the child give views: ${COMMUNICATION}`));

  // The notice as data (the model the PDF and the mails are laid out from), as JSON.
  const row = await h.orm.em.fork().findOneOrFail(Placement, { id });
  const names = new Map((await h.orm.em.fork().find(Organisation, {})).map((o) => [o.id, o.name]));
  const version = row.snapshot.context.notices[0];
  const model = buildNoticeModel({
    book: getRulebook(row.snapshot.rulebookId),
    context: row.snapshot.context,
    version,
    organisationName: (x) => names.get(x),
    placementReference: placementReference(id),
  });
  const json = JSON.stringify(model);
  const advocacy = model.sections.flatMap((s) => s.fields).find((f) => f.key === 'needs.advocacy');
  expect(advocacy?.value).toContain(COMMUNICATION);
  // Outside the advocacy needs field the views do not reach it at all: not even that one.
  const withoutAdvocacy = JSON.stringify({
    ...model,
    sections: model.sections.map((s) => ({ ...s, fields: s.fields.filter((f) => f.key !== 'needs.advocacy') })),
  });
  expect(withoutAdvocacy).not.toContain(COMMUNICATION);

  // Every recipient's mail.
  const mails = await h.orm.em.fork().find(OutboxMessage, { placementId: id, kind: 'notice' });
  expect(mails.length).toBeGreaterThan(3);
  const bodies = mails.map((m) => JSON.stringify(m.payload) + m.subject).join('\n');

  for (const [what, secret] of Object.entries(SECRETS)) {
    expect([what, text.includes(noSpace(secret))]).toEqual([what, false]);
    expect([what, json.includes(secret)]).toEqual([what, false]);
    expect([what, bodies.includes(secret)]).toEqual([what, false]);
  }
  // The test can fail: the same words do reach the record the placing authority reads.
  const rel = await h.http.get(`/api/placements/${id}/relationships`).set('Authorization', placing).expect(200);
  for (const secret of [SECRETS.said, SECRETS.sibling, SECRETS.who, SECRETS.district]) expect(JSON.stringify(rel.body)).toContain(secret);
});
