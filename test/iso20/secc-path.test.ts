/**
 * The -20 SECC through a whole session of each energy service and control mode, its EV scripted: every response OK
 * and valid by the XSD (the strict encoder), the plan asked once, the stage commanded, the session stopped.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENERGY_SERVICES, isDcService } from '../../machines/iso20/iso20-services.js';
import { scriptedSecc, seccInput, sessionPath } from './secc-harness.js';

for (const service of ENERGY_SERVICES) {
  for (const mode of ['Scheduled', 'Dynamic'] as const) {
    test(`${service} ${mode}: SessionSetup to SessionStop, every response OK and XSD-valid`, () => {
      const s = scriptedSecc(seccInput(isDcService(service) ? 'iso20-dc' : 'iso20-ac'));
      sessionPath(service, mode).forEach((step, i) => {
        s.advance(400);
        s.receive(step(s.ctx()));
        assert.ok(/:OK/.test(s.last()), `step ${i}: ${s.last()} in ${s.state()}`);
        // The plan: the energy manager's reply comes while the EV is told Ongoing.
        if (s.asked.includes('schedule') && s.actor.getSnapshot().context.pending.schedule === 'asked') s.reply({ kind: 'schedule' });
      });
      assert.is(s.state(), 'stopped');
      assert.equal(s.asked, ['authorization', 'schedule']);
      assert.ok(s.emitted.includes('evse.deliver'));
    });
  }
}

test.run();
