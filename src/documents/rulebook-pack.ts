// The rulebook review pack as a tagged (accessible) PDF and as HTML, from the pack model. The same
// rulebook and date give the same bytes. `npm run cli -- rulebook pack --version ID [--out DIR]`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getRulebook } from '../../machines/rulebook';
import { sha256 } from './hash';
import {
  COLOR,
  FONT,
  SIZE,
  contentWidth,
  createDocument,
  furniture,
  heading,
  list,
  paragraph,
  section,
  table,
  toBuffer,
  type Doc,
  type Struct,
} from './pdf-kit';
import { buildRulebookPackModel, CONFIDENCE_ORDER, type PackRule, type RulebookPackModel } from './rulebook-pack-model';

const MARGINS = { top: 64, bottom: 60, left: 56, right: 56 };
const xmlSafe = (s: string) => s.replace(/[<>&]/g, ' ');

const WORDS = {
  title: 'Rulebook review pack',
  purpose:
    'This pack sets out every rule the engine applies, in the order of the scheme, so that a legal officer can check each one against the law and sign it off before the rulebook is used. ' +
    'Each rule gives its text, its citation and a confidence tag; examples show, with dates, what the engine does. Where a rule is our reading, the pack says what a legal officer must confirm.',
  examplesNote: 'Each example runs in the test suite against this rulebook: the engine gives exactly these answers.',
  signOff:
    'I have read the rules in this pack, their citations and examples, and the open questions. Subject to any changes recorded below, the rulebook may be used for placements started from the date of approval.',
};

function ruleRows(r: PackRule) {
  const rows = [
    { label: 'Rule', value: r.text, muted: false, source: '' },
    { label: 'Citation', value: r.citation, muted: false, source: r.confidence },
    ...r.facts.map((f) => ({ label: f.label, value: f.value, muted: false, source: '' })),
  ];
  if (r.note) rows.push({ label: 'Note', value: r.note, muted: true, source: '' });
  return rows;
}

function drawRule(doc: Doc, parent: Struct, r: PackRule): void {
  const sect = section(doc, parent);
  heading(doc, sect, 3, r.id);
  paragraph(doc, sect, `${r.title} (${r.kind}; tag ${r.confidence})`, { muted: true });
  table(doc, sect, ['Item', 'Details', 'Tag'], ruleRows(r));
  if (r.toConfirm.length) {
    paragraph(doc, sect, 'A legal officer must confirm:', { bold: true });
    list(
      doc,
      sect,
      r.toConfirm.map((t) => ({ label: '?', body: t })),
      14,
    );
  }
  for (const e of r.examples) {
    paragraph(doc, sect, `Example ${e.number}: ${e.title}${e.point !== undefined ? ` (settles sources.md point ${e.point})` : ''}`, { bold: true });
    paragraph(doc, sect, `Given: ${e.given}`, { size: SIZE.small });
    list(doc, sect, [...e.when.map((w) => ({ label: 'When', body: w })), ...e.then.map((t) => ({ label: 'Then', body: t }))], 34);
  }
  sect.end();
}

export async function renderRulebookPackPdf(model: RulebookPackModel, generatedAt: Date): Promise<Buffer> {
  const doc = createDocument(
    {
      Title: xmlSafe(`${WORDS.title}: ${model.rulebook.id}`),
      Author: 'cross-border-placements',
      Subject: xmlSafe(`${model.rulebook.title} (${model.rulebook.instrument})`),
      Keywords: xmlSafe(`${model.rulebook.id}; rulebook; review`),
      Creator: 'cross-border-placements',
      Producer: 'cross-border-placements (PDFKit)',
      CreationDate: generatedAt,
      ModDate: generatedAt,
    },
    MARGINS,
  );
  const root = doc.struct('Document');
  doc.addStructure(root);

  heading(doc, root, 1, `${WORDS.title}: ${model.rulebook.id}`);
  paragraph(doc, root, `${model.rulebook.title} (${model.rulebook.instrument}), in force from ${model.rulebook.inForceFrom}.`, { bold: true });
  paragraph(
    doc,
    root,
    `Generated ${model.generatedAt}. ${model.summary.rules} rules, ${model.summary.examples} examples, ${model.summary.questions} open questions.`,
    { muted: true },
  );
  paragraph(doc, root, WORDS.purpose);
  const tags = section(doc, root);
  heading(doc, tags, 2, 'Confidence tags');
  list(
    doc,
    tags,
    CONFIDENCE_ORDER.map((t) => ({
      label: t,
      body: `${model.confidenceLabels[t]} (${model.summary.byConfidence[t]} rules)`,
    })),
    40,
  );
  tags.end();

  const questions = section(doc, root);
  heading(doc, questions, 2, 'Open questions for a legal officer');
  list(
    doc,
    questions,
    model.questions.map((q) => ({ label: '?', body: `${q.id}: ${q.question} Rules: ${q.rules.join(', ')}. Until answered: ${q.meanwhile} [${q.citation}]` })),
    14,
  );
  if (model.inferNotes.length) {
    paragraph(doc, questions, 'Other readings to confirm (rules tagged infer that no question above names):', { bold: true });
    list(
      doc,
      questions,
      model.inferNotes.map((n) => ({ label: '?', body: `${n.ids.join(', ')}: ${n.note}` })),
      14,
    );
  }
  questions.end();

  for (const chapter of model.chapters) {
    const part = section(doc, root, 'Part');
    doc.addPage();
    heading(doc, part, 2, chapter.heading);
    paragraph(doc, part, chapter.intro, { muted: true });
    if (chapter.rules.some((r) => r.examples.length)) paragraph(doc, part, WORDS.examplesNote, { muted: true, size: SIZE.small });
    for (const r of chapter.rules) drawRule(doc, part, r);
    part.end();
  }

  const changes = section(doc, root);
  doc.addPage();
  heading(doc, changes, 2, model.diff ? `Changes since ${model.diff.against}` : 'Changes since the previous version');
  if (!model.diff) paragraph(doc, changes, 'This is the first version: there is no previous version to compare.');
  else {
    const d = model.diff;
    paragraph(doc, changes, `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed.`);
    if (d.added.length) {
      paragraph(doc, changes, 'Added', { bold: true });
      list(
        doc,
        changes,
        d.added.map((a) => ({ label: '+', body: `${a.id} (${a.kind}): ${a.title}` })),
        14,
      );
    }
    if (d.removed.length) {
      paragraph(doc, changes, 'Removed', { bold: true });
      list(
        doc,
        changes,
        d.removed.map((a) => ({ label: '−', body: `${a.id} (${a.kind}): ${a.title}` })),
        14,
      );
    }
    if (d.changed.length) {
      paragraph(doc, changes, 'Changed', { bold: true });
      for (const c of d.changed) list(doc, changes, [{ label: '~', body: `${c.id} (${c.kind}): ${c.lines.join('; ')}` }], 14);
    }
  }
  changes.end();

  if (model.sources.length) {
    const sources = section(doc, root);
    heading(doc, sources, 2, 'Texts read');
    list(
      doc,
      sources,
      model.sources.map((s) => ({ label: s.ref, body: `${s.title}: ${s.where}` })),
      26,
    );
    sources.end();
  }

  const sign = section(doc, root);
  heading(doc, sign, 2, 'Sign-off');
  paragraph(doc, sign, WORDS.signOff);
  table(
    doc,
    sign,
    ['Item', 'Details', ''],
    ['Name', 'Role', 'Organisation', 'Decision (approved / approved with changes / not approved)', 'Changes required', 'Date', 'Signature'].map((label) => ({
      label,
      value: ' \n ',
      muted: false,
      source: '',
    })),
  );
  sign.end();

  root.end();
  furniture(doc, (page, pages) => {
    const left = doc.page.margins.left;
    const width = contentWidth(doc);
    doc.fillColor(COLOR.muted).font(FONT.regular).fontSize(SIZE.small);
    doc.text(`${WORDS.title} · ${model.rulebook.id}`, left, 30, { width, lineBreak: false });
    const footer = `Page ${page} of ${pages}`;
    doc.text(footer, left + width - doc.widthOfString(footer), doc.page.height - 38, { lineBreak: false });
    doc.fillColor(COLOR.text);
  });
  return toBuffer(doc);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

export function renderRulebookPackHtml(model: RulebookPackModel): string {
  const rule = (r: PackRule) => `
<section class="rule" id="${esc(r.id)}">
  <h3>${esc(r.id)}</h3>
  <p class="muted">${esc(r.title)} (${esc(r.kind)}; tag <span class="tag tag-${esc(r.confidence)}">${esc(r.confidence)}</span>)</p>
  <table><tbody>
    <tr><th scope="row">Rule</th><td>${esc(r.text)}</td></tr>
    <tr><th scope="row">Citation</th><td>${esc(r.citation)}</td></tr>
    ${r.facts.map((f) => `<tr><th scope="row">${esc(f.label)}</th><td>${esc(f.value)}</td></tr>`).join('\n    ')}
    ${r.note ? `<tr><th scope="row">Note</th><td class="muted">${esc(r.note)}</td></tr>` : ''}
  </tbody></table>
  ${r.toConfirm.length ? `<p><strong>A legal officer must confirm:</strong></p><ul>${r.toConfirm.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>` : ''}
  ${r.examples
    .map(
      (
        e,
      ) => `<div class="example"><p><strong>Example ${esc(e.number)}: ${esc(e.title)}</strong>${e.point !== undefined ? ` <span class="point">(settles sources.md point ${e.point})</span>` : ''}</p>
    <p class="small">Given: ${esc(e.given)}</p>
    <dl>${e.when.map((w) => `<dt>When</dt><dd>${esc(w)}</dd>`).join('')}${e.then.map((t) => `<dt>Then</dt><dd>${esc(t)}</dd>`).join('')}</dl></div>`,
    )
    .join('\n  ')}
</section>`;
  const d = model.diff;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${esc(`${WORDS.title}: ${model.rulebook.id}`)}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #0b0c0c; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; } th, td { border: 1px solid #8c8c8c; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { width: 11rem; background: #f3f2f1; } .muted { color: #4a4a4a; } .small { font-size: .9em; } .rule { border-top: 2px solid #0b0c0c; margin-top: 1.5rem; }
.example { margin-left: 1rem; } dt { font-weight: bold; float: left; width: 3.5rem; } dd { margin-left: 4rem; } .tag { font-weight: bold; }
</style>
</head>
<body>
<main>
<h1>${esc(`${WORDS.title}: ${model.rulebook.id}`)}</h1>
<p><strong>${esc(model.rulebook.title)} (${esc(model.rulebook.instrument)}), in force from ${esc(model.rulebook.inForceFrom)}.</strong></p>
<p class="muted">Generated ${esc(model.generatedAt)}. ${model.summary.rules} rules, ${model.summary.examples} examples, ${model.summary.questions} open questions.</p>
<p>${esc(WORDS.purpose)}</p>
<h2>Confidence tags</h2>
<ul>${CONFIDENCE_ORDER.map((t) => `<li><strong>${esc(t)}</strong>: ${esc(model.confidenceLabels[t])} (${model.summary.byConfidence[t]} rules)</li>`).join('')}</ul>
<h2 id="questions">Open questions for a legal officer</h2>
<ol>${model.questions.map((q) => `<li id="${esc(q.id)}"><strong>${esc(q.id)}</strong>: ${esc(q.question)} <span class="muted">Rules: ${esc(q.rules.join(', '))}. Until answered: ${esc(q.meanwhile)} [${esc(q.citation)}]</span></li>`).join('\n')}</ol>
${model.inferNotes.length ? `<h3>Other readings to confirm</h3><ul>${model.inferNotes.map((n) => `<li>${n.ids.map((id) => `<a href="#${esc(id)}">${esc(id)}</a>`).join(', ')}: ${esc(n.note)}</li>`).join('')}</ul>` : ''}
${model.chapters.map((c) => `<h2 id="${esc(c.id)}">${esc(c.heading)}</h2>\n<p class="muted">${esc(c.intro)}</p>\n${c.rules.map(rule).join('\n')}`).join('\n')}
<h2 id="changes">${d ? `Changes since ${esc(d.against)}` : 'Changes since the previous version'}</h2>
${
  !d
    ? '<p>This is the first version: there is no previous version to compare.</p>'
    : `<p>${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed.</p>
<h3>Added</h3><ul>${d.added.map((a) => `<li><a href="#${esc(a.id)}">${esc(a.id)}</a> (${esc(a.kind)}): ${esc(a.title)}</li>`).join('')}</ul>
<h3>Removed</h3><ul>${d.removed.map((a) => `<li>${esc(a.id)} (${esc(a.kind)}): ${esc(a.title)}</li>`).join('')}</ul>
<h3>Changed</h3><ul>${d.changed.map((c) => `<li><a href="#${esc(c.id)}">${esc(c.id)}</a> (${esc(c.kind)})<ul>${c.lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></li>`).join('')}</ul>`
}
${model.sources.length ? `<h2>Texts read</h2><ul>${model.sources.map((s) => `<li><strong>${esc(s.ref)}</strong> ${esc(s.title)}: ${esc(s.where)}</li>`).join('')}</ul>` : ''}
<h2>Sign-off</h2>
<p>${esc(WORDS.signOff)}</p>
<table><tbody>${['Name', 'Role', 'Organisation', 'Decision (approved / approved with changes / not approved)', 'Changes required', 'Date', 'Signature'].map((l) => `<tr><th scope="row">${esc(l)}</th><td>&nbsp;</td></tr>`).join('')}</tbody></table>
</main>
</body>
</html>
`;
}

/** Writes `rulebook-<id>.pdf` and `.html` to `dir`; returns their paths and the PDF's hash. */
export async function writeRulebookPack(
  rulebookId: string,
  dir: string,
  generatedAt: Date,
): Promise<{ pdf: string; html: string; sha256: string; rules: number }> {
  const book = getRulebook(rulebookId);
  const model = buildRulebookPackModel(book, generatedAt);
  const pdfBytes = await renderRulebookPackPdf(model, generatedAt);
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `rulebook-${book.id.replace(/[^A-Za-z0-9.@-]/g, '_')}`);
  writeFileSync(`${base}.pdf`, pdfBytes);
  writeFileSync(`${base}.html`, renderRulebookPackHtml(model));
  return { pdf: `${base}.pdf`, html: `${base}.html`, sha256: sha256(pdfBytes), rules: model.summary.rules };
}
