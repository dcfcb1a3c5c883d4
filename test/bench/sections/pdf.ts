// The Notice and Undertaking PDF against bare pdfkit in the same process: a 2-page A4 document of 50
// lines in one embedded TTF, which is what any pdfkit document costs at least (it parses and subsets the
// font each time). Runs are interleaved (anchor, notice, varied notice, ...) so a busy machine weighs on
// all three alike. "Varied" changes the reference, a name and an address on each run, as real notices
// differ, so no cache can simply replay the previous document.
import PDFDocument from 'pdfkit';
import { performance } from 'node:perf_hooks';
import type { NoticeModel } from '../../../src/documents/notice-model';
import { FONT } from '../../../src/documents/pdf-fonts';
import { renderNoticePdf } from '../../../src/documents/render-notice';
import { sampleNoticeModel } from '../../../src/documents/sample-notice';
import { distribution, ms, type ResultRow, type Section } from '../lib';

const GOAL_RATIO = 1.5;

/** The anchor: bare pdfkit, one embedded TTF, 2 pages, 50 lines. */
export function barePdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', font: FONT.regular, info: { CreationDate: new Date(0), ModDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(10);
    for (let i = 1; i <= 50; i++) {
      if (i === 26) doc.addPage();
      doc.text(`Line ${i}: the placing authority gives notice of the placement of the child described below, ${i}.`);
    }
    doc.end();
  });
}

const NAMES = [
  'Siobhán Ní Bhriain',
  'Øystein Åberg',
  'Zoë Kowalczyk',
  'Mārtiņš Ozoliņš',
  'Aoife Ó Súilleabháin',
  'Ştefan Dumitrescu',
  'Jürgen Groß',
  'Chloé Lefèvre',
];

/** The sample notice with the reference, the social worker and the address of run `i`. */
export function variedModel(model: NoticeModel, i: number): NoticeModel {
  const value = (key: string, v: string | null) =>
    key === 'contacts.socialWorker'
      ? `${NAMES[i % NAMES.length]}, Social worker, 0121 ${100 + (i % 900)} ${1000 + i}`
      : key === 'placement.serviceAddress'
        ? `${i + 1} Quay Road, Aberdeen AB${10 + (i % 89)} ${i % 9}XX`
        : v;
  return {
    ...model,
    placementReference: `CBP-${(0x10000000 + i * 7919).toString(16).toUpperCase()}`,
    sections: model.sections.map((s) => ({ ...s, fields: s.fields.map((f) => ({ ...f, value: value(f.key, f.value) })) })),
  };
}

export const pdfSection: Section = async ({ quick }) => {
  const runs = quick ? 15 : 60;
  const model = sampleNoticeModel();
  const series = { anchor: [] as number[], notice: [] as number[], varied: [] as number[] };
  const sizes = { anchor: 0, notice: 0, varied: 0 };
  const timed = async (key: keyof typeof series, render: () => Promise<Buffer>, record: boolean) => {
    const t = performance.now();
    const bytes = await render();
    if (record) series[key].push(performance.now() - t);
    sizes[key] = bytes.length;
  };
  for (let i = -5; i < runs; i++) {
    // Warm-up rounds (i < 0) load code and fonts and are not recorded.
    await timed('anchor', barePdf, i >= 0);
    await timed('notice', () => renderNoticePdf(model), i >= 0);
    await timed('varied', () => renderNoticePdf(variedModel(model, i + 100)), i >= 0);
  }
  const anchor = distribution(series.anchor);
  const rows: ResultRow[] = [
    {
      what: 'bare pdfkit 2-page A4, 50 lines, one embedded TTF (anchor)',
      measured: `median ${ms(anchor.median)}, p99 ${ms(anchor.p99)}`,
      data: { key: 'pdf.anchor', ...anchor, bytes: sizes.anchor },
    },
  ];
  for (const [key, label] of [
    ['notice', 'Notice and Undertaking PDF, warm, same model'],
    ['varied', 'Notice and Undertaking PDF, warm, a different notice each run'],
  ] as const) {
    const d = distribution(series[key]);
    rows.push({
      what: label,
      measured: `median ${ms(d.median)}, p99 ${ms(d.p99)}`,
      anchor: `anchor median ${ms(anchor.median)}`,
      ratio: d.median / anchor.median,
      ratioOf: 'median / anchor median',
      goal: `<= ${GOAL_RATIO}x`,
      met: d.median / anchor.median <= GOAL_RATIO,
      data: { key: `pdf.${key}`, ...d, bytes: sizes[key] },
    });
  }
  return {
    rows,
    notes: [
      `PDF: ${runs} interleaved runs each after 5 warm-up rounds; notice ${Math.round(sizes.notice / 1024)} KiB, anchor ${Math.round(sizes.anchor / 1024)} KiB`,
    ],
  };
};
