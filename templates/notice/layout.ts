// The fixed form of the Notice and Undertaking: headings, section order and wording, after the
// Scottish Government's published template. Data comes from the notice model; only words live here.
import type { NoticeField } from '../../machines/rulebook/types';

export type NoticeSectionId = NoticeField['section'];

export interface LayoutSection {
  id: NoticeSectionId;
  heading: string;
}

export const noticeLayout = {
  title: 'Notice and Undertaking',
  subtitle: 'Cross-border placement of a child into residential or foster care in Scotland',
  author: 'Placing authority',
  referenceLabel: 'Placement reference',
  privacy:
    'The child is identified in this notice by age and gender only. The placing authority holds the ' +
    "child's name and date of birth and will give them to a recipient who needs them.",
  part1: {
    heading: 'Part 1 – Notice',
    intro: 'The placing authority gives notice of the placement of the child described below in Scotland.',
    sections: [
      { id: 'placing-authority', heading: 'The placing authority' },
      { id: 'child', heading: 'The child' },
      { id: 'order', heading: 'The order or other legal basis' },
      { id: 'placement', heading: 'The placement in Scotland' },
      { id: 'needs', heading: "The child's needs" },
      { id: 'contacts', heading: 'Placing authority contacts' },
    ] as LayoutSection[],
  },
  part2: {
    heading: 'Part 2 – Undertaking',
    intro: 'The placing authority named in Part 1 undertakes, for the whole duration of the placement, that:',
  },
  signature: {
    id: 'signature' as NoticeSectionId,
    heading: 'Signature',
    declaration:
      'Signed for and on behalf of the placing authority by its authorised representative, who confirms ' +
      'that the information in Part 1 is correct and gives the undertaking in Part 2.',
  },
  recipients: {
    heading: 'Recipients of this version',
    intro: 'This version of the notice is given to:',
  },
  sources: {
    heading: 'Sources',
    intro: 'The numbers in the Source column and after each clause refer to these provisions.',
    rulebook: (id: string, title: string, instrument: string) => `Prepared under rulebook ${id}: ${title} (${instrument}).`,
    confidence: {
      '2026': 'SSI 2026/31 or its guidance',
      '2022': 'carried forward from the 2022 scheme',
      '2013': 'the 2013 Transfer Regulations',
      infer: 'our reading, to be confirmed',
    },
  },
  table: { item: 'Item', details: 'Details', source: 'Source' },
  notProvided: 'Not provided',
  noFixedExpiry: 'No fixed expiry',
  pageLabel: (page: number, pages: number) => `Page ${page} of ${pages}`,
} as const;

/** Part 1 sections then the signature block: the order fields are listed in the model. */
export const sectionOrder: LayoutSection[] = [...noticeLayout.part1.sections, { id: noticeLayout.signature.id, heading: noticeLayout.signature.heading }];
