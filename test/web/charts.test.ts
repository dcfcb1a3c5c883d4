import { barChartSvg, monthChartSvg } from '../../src/web/charts';

describe('charts', () => {
  it('draws one bar per row scaled to its rate, with the value in words', () => {
    const svg = barChartSvg(
      [
        { label: 'Notice before arrival', value: 0.75, note: '3 of 4' },
        { label: 'Updated notice', value: 0, note: '0 of 2' },
        { label: 'Advocacy', value: null },
      ],
      { id: 'c', title: 'On-time rate per rule', description: 'Notice before arrival: 75%' },
    );
    expect(svg).toContain('<title id="c-title">On-time rate per rule</title>');
    expect(svg).toContain('<desc id="c-desc">Notice before arrival: 75%</desc>');
    expect(svg).toContain('75% (3 of 4)');
    expect(svg).toContain('0% (0 of 2)');
    expect(svg).toContain('none due');
    // 380px is 100%: the 75% bar is 285px wide.
    expect(svg).toMatch(/<rect x="300" y="\d+" width="285.0"/);
    expect(svg.match(/<rect /g)?.length).toBe(2);
  });

  it('draws a column per month with its count of deadlines due', () => {
    const svg = monthChartSvg(
      [
        { label: 'Jan 2026', value: 1, count: 2 },
        { label: 'Feb 2026', value: 0.5, count: 4 },
      ],
      { id: 'm', title: 'Per month', description: 'x' },
    );
    expect(svg).toContain('Jan 2026');
    expect(svg).toContain('4 due');
    expect(svg).toContain('50%');
    expect(svg).toContain('<polyline');
  });

  it('escapes labels', () => {
    expect(barChartSvg([{ label: 'A & <B>', value: 1 }], { id: 'x', title: 't', description: 'd' })).toContain('A &amp; &lt;B&gt;');
  });
});
