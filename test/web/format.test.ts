import { activeRulebook } from '../../machines/rulebook';
import { londonOffsetMs, humaniseInstants, timeLeft, timeLeftForRule, ukDate, ukDateTime, ukTime } from '../../src/web/format';

describe('UK dates and times', () => {
  it('writes dates and times in GOV.UK style, in London time', () => {
    expect(ukDateTime('2026-03-03T09:00:00Z')).toBe('3 March 2026 at 9:00am');
    // British Summer Time: 13:30 UTC is 2:30pm in London.
    expect(ukDateTime('2026-07-01T13:30:00Z')).toBe('1 July 2026 at 2:30pm');
    expect(ukDateTime('2026-03-03T12:00:00Z')).toBe('3 March 2026 at midday');
    expect(ukTime('2026-03-03T00:00:00Z')).toBe('midnight');
    expect(ukDateTime('2026-03-05T23:59:59.999Z')).toBe('5 March 2026 at 11:59pm');
    expect(ukDate('2012-04-02')).toBe('2 April 2012');
    expect(ukDate('2026-03-27T23:30:00Z')).toBe('27 March 2026'); // GMT
    expect(ukDate('2026-03-31T23:30:00Z')).toBe('1 April 2026'); // BST from 29 March
    expect(ukDate('2026-10-31T23:30:00Z')).toBe('31 October 2026');
    expect(ukDate('2026-06-30T23:30:00Z')).toBe('1 July 2026');
  });

  it('turns the instants inside a reason into words', () => {
    expect(humaniseInstants('The child arrived at 2026-03-05T11:00:00.000Z before the notice.')).toBe(
      'The child arrived at 5 March 2026 at 11:00am before the notice.',
    );
  });
});

describe('time left', () => {
  it('counts working days where the rule counts working days', () => {
    // C3: 3 working days (Scottish statutory calendar). Friday 20 March to Tuesday 24 March is 2 working days.
    const left = timeLeftForRule(activeRulebook, 'C3.order-change-renotify', '2026-03-24T23:59:59.999Z', '2026-03-20T10:00:00Z');
    expect(left).toMatchObject({ unit: 'working-days', amount: 2, overdue: false, text: '2 working days left' });
  });

  it('counts calendar days otherwise, and says when a deadline is overdue', () => {
    expect(timeLeft('2026-03-30T10:00:00Z', '2026-03-20T10:00:00Z', null).text).toBe('10 days left');
    expect(timeLeft('2026-03-17T23:59:59Z', '2026-03-20T10:00:00Z', 'scotland-statutory')).toMatchObject({ overdue: true, text: '3 working days overdue' });
    expect(timeLeft('2026-03-20T23:59:00Z', '2026-03-20T10:00:00Z', null).text).toBe('due today');
    expect(timeLeft('2026-03-20T09:00:00Z', '2026-03-20T10:00:00Z', null).text).toBe('overdue since today');
  });
});

describe('London time', () => {
  it('agrees with the time zone database every 30 minutes across two years of clock changes', () => {
    const intl = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 30 * 60 * 1000) {
      const d = new Date(ms + londonOffsetMs(ms));
      const ours = `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}, ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
      if (ours !== intl.format(ms)) throw new Error(`${new Date(ms).toISOString()}: ${ours} != ${intl.format(ms)}`);
    }
  });
});
