// The rulebook versions a placement may run under, and the one new placements start with.
import { activeRulebook, rulebooks, type Rulebook } from '../../machines/rulebook';

export class RulebooksService {
  active(): Rulebook {
    return activeRulebook;
  }

  versions(): { id: string; version: number; title: string; inForceFrom: string; active: boolean }[] {
    return Object.values(rulebooks).map((b) => ({
      id: b.id,
      version: b.version,
      title: b.title,
      inForceFrom: b.inForceFrom,
      active: b.id === activeRulebook.id,
    }));
  }
}
