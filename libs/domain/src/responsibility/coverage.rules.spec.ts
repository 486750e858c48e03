import {
  amended,
  contracted,
  covered,
  deployed,
  evidenceOf,
  finding,
  findings,
  gapReported,
  given,
  iso,
  measured,
  noFinding,
  only,
  readsWell,
  recommendationDeclined,
  recommended,
  relocated,
  short,
  terminated,
} from './testing/rulebook.given';

// Base scope: 90 endpoints + 10 servers, dns and edr telemetry; short below 90 % of devices.
// Gaps must be reported within gapReportDays = 7; reports at most coverageReportMaxDays = 31 apart.

describe('COVERAGE_GAP', () => {
  it('is not found while measurements meet the contract, 90 % exactly included', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      covered('D2 00:00', 's-1'),
      measured('D3 00:00', { sensorId: 's-1', devices: 90, telemetry: ['edr', 'dns', 'proxy'] }),
    )
      .when('D10 00:00')
      .then(noFinding());
  });

  it('runs from the first short measurement to the next full one', () => {
    const verdict = given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      covered('D2 00:00', 's-1'),
      short('D5 00:00', 's-1').as('short'),
      short('D6 00:00', 's-1'),
      covered('D8 12:00', 's-1').as('full'),
    )
      .when('D10 00:00')
      .then(
        findings('COVERAGE_GAP s-1'),
        finding('COVERAGE_GAP', {
          party: 'mssp',
          area: 'sensor_placement',
          weight: 5,
          causal: false,
          subject: { kind: 'coverage', id: 's-1' },
          dueAt: iso('D5 00:00'),
          satisfiedAt: iso('D8 12:00'),
          lateByMinutes: 5040,
        }),
      );
    const gap = only(verdict, 'COVERAGE_GAP');
    expect(evidenceOf(gap)).toEqual(['short CoverageReported', 'full CoverageReported']);
    readsWell(gap, '5 Mar 2024 00:00 UTC', '8 Mar 2024 12:00 UTC', '50 of 100', 'instructed');
  });

  it('is open, unsatisfied, while no full measurement follows', () => {
    given(contracted(), deployed('D1 00:00', 's-1'), short('D5 00:00', 's-1'))
      .when('D10 00:00')
      .then(finding('COVERAGE_GAP', { satisfiedAt: null, lateByMinutes: null }));
  });

  it('starts at the first measurement ever when that one is short', () => {
    given(contracted(), deployed('D1 00:00', 's-1'), short('D1 06:00', 's-1'))
      .when('D3 00:00')
      .then(finding('COVERAGE_GAP', { dueAt: iso('D1 06:00') }));
  });

  it('counts missing contracted telemetry as short', () => {
    const verdict = given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      measured('D5 00:00', { sensorId: 's-1', devices: 100, telemetry: ['edr'] }),
    )
      .when('D6 00:00')
      .then(finding('COVERAGE_GAP'));
    readsWell(only(verdict, 'COVERAGE_GAP'), 'dns');
  });

  it('makes one gap per short stretch', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      short('D2 00:00', 's-1'),
      covered('D3 00:00', 's-1'),
      short('D4 00:00', 's-1'),
    )
      .when('D6 00:00')
      .then(findings('COVERAGE_GAP s-1', 'COVERAGE_GAP s-1'));
  });

  it('falls to the installer when the sensor was not installed as instructed', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1', { installedBy: 'client', followed: false }),
      short('D5 00:00', 's-1'),
    )
      .when('D6 00:00')
      .then(finding('COVERAGE_GAP', { party: 'client', area: 'sensor_installation' }));
  });

  it('falls to the instructing party when the instructions were followed', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1', { instructedBy: 'third_party', followed: true }),
      short('D5 00:00', 's-1'),
    )
      .when('D6 00:00')
      .then(finding('COVERAGE_GAP', { party: 'third_party', area: 'sensor_placement' }));
  });

  it('falls to the owner of coverage verification when no placement is recorded', () => {
    given(
      contracted({ responsibilities: { coverage_verification: 'client' } }),
      short('D5 00:00', 's-1'),
    )
      .when('D6 00:00')
      .then(finding('COVERAGE_GAP', { party: 'client', area: 'coverage_verification' }));
  });

  it('uses the latest placement at or before the gap start, not a later one', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1', { instructedBy: 'mssp', followed: true }),
      relocated('D5 00:00', 's-1', { installedBy: 'client', followed: false }),
      short('D5 00:00', 's-1'),
      relocated('D6 00:00', 's-1', { instructedBy: 'third_party', followed: true }),
    )
      .when('D7 00:00')
      .then(finding('COVERAGE_GAP', { party: 'client', area: 'sensor_installation' }));
  });

  it('ignores a placement recorded only after the gap started', () => {
    given(
      contracted(),
      short('D5 00:00', 's-1'),
      deployed('D4 00:00', 's-1', { followed: false }).recordedAt('D5 06:00'),
    )
      .when('D6 00:00')
      .then(finding('COVERAGE_GAP', { area: 'coverage_verification' }));
  });

  it('starts at a backdated short measurement when it was recorded', () => {
    const verdict = given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      short('D5 00:00', 's-1').recordedAt('D5 02:00'),
    )
      .when('D6 00:00')
      .then(finding('COVERAGE_GAP', { dueAt: iso('D5 02:00') }));
    expect(only(verdict, 'COVERAGE_GAP').evidence[0]).toMatchObject({ lateRecorded: true });
  });

  it('judges a measurement by the minimum ratio in force when it was taken', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      amended('D2 00:00', { sla: { minimumCoverageRatio: 0.5 } }),
      short('D5 00:00', 's-1'),
    )
      .when('D6 00:00')
      .then(noFinding());
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      amended('D2 00:00', { scope: { telemetry: ['edr', 'netflow'] } }),
      covered('D5 00:00', 's-1'),
    )
      .when('D6 00:00')
      .then(finding('COVERAGE_GAP'));
  });

  it('ends at a recommendation about the sensor that the client declined', () => {
    const verdict = given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      short('D2 00:00', 's-1'),
      recommended('D3 00:00', 'rec-span', 'D30 00:00', { sensorId: 's-1' }),
      recommendationDeclined('D4 00:00', 'rec-span'),
    )
      .when('D6 00:00')
      .then(
        findings('COVERAGE_GAP s-1', 'RECOMMENDATION_DECLINED rec-span'),
        finding('COVERAGE_GAP', { satisfiedAt: iso('D4 00:00'), lateByMinutes: 2880 }),
      );
    readsWell(only(verdict, 'COVERAGE_GAP'), 'rec-span');
  });

  it('ends at the dueBy of an overdue recommendation about the sensor', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      short('D2 00:00', 's-1'),
      recommended('D3 00:00', 'rec-span', 'D5 00:00', { sensorId: 's-1' }),
    )
      .when('D6 00:00')
      .then(
        findings('COVERAGE_GAP s-1', 'RECOMMENDATION_OVERDUE rec-span'),
        finding('COVERAGE_GAP', { satisfiedAt: iso('D5 00:00') }),
      );
  });

  it('is not cut by a decline that came before the gap started', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      recommended('D1 06:00', 'rec-span', 'D30 00:00', { sensorId: 's-1' }),
      recommendationDeclined('D1 12:00', 'rec-span'),
      short('D2 00:00', 's-1'),
    )
      .when('D6 00:00')
      .then(finding('COVERAGE_GAP', { satisfiedAt: null }));
  });

  it('is not cut by a recommendation about another sensor, or one acted on in time', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      short('D2 00:00', 's-1'),
      recommended('D3 00:00', 'rec-other', 'D30 00:00', { sensorId: 's-2' }),
      recommendationDeclined('D4 00:00', 'rec-other'),
      recommended('D3 00:00', 'rec-later', 'D30 00:00', { sensorId: 's-1' }),
    )
      .when('D6 00:00')
      .then(finding('COVERAGE_GAP', { satisfiedAt: null }));
  });

  it('is engagement-wide, named by the engagement, for measurements without a sensor', () => {
    const verdict = given(contracted(), covered('D2 00:00'), short('D5 00:00'))
      .when('D6 00:00')
      .then(
        finding('COVERAGE_GAP', {
          subject: { kind: 'coverage', id: 'eng-1' },
          party: 'mssp',
          area: 'coverage_verification',
        }),
      );
    readsWell(only(verdict, 'COVERAGE_GAP'));
  });
});

describe('COVERAGE_GAP_UNREPORTED', () => {
  const gap = [contracted(), deployed('D1 00:00', 's-1'), short('D5 00:00', 's-1').as('short')];

  it('is not found when the verifier reported the gap within the deadline, or exactly at it', () => {
    given(...gap, gapReported('D6 00:00', 's-1'))
      .when('D20 00:00')
      .then(findings('COVERAGE_GAP s-1'));
    given(...gap, gapReported('D12 00:00', 's-1'))
      .when('D20 00:00')
      .then(findings('COVERAGE_GAP s-1'));
  });

  it('is found, unsatisfied, when the gap was never reported', () => {
    const verdict = given(...gap)
      .when('D20 00:00')
      .then(
        finding('COVERAGE_GAP_UNREPORTED', {
          party: 'mssp',
          area: 'coverage_verification',
          weight: 5,
          causal: false,
          subject: { kind: 'coverage', id: 's-1' },
          dueAt: iso('D12 00:00'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
      );
    const unreported = only(verdict, 'COVERAGE_GAP_UNREPORTED');
    expect(evidenceOf(unreported)).toEqual(['short CoverageReported']);
    readsWell(unreported, '5 Mar 2024 00:00 UTC', '12 Mar 2024 00:00 UTC', '7 days');
  });

  it('is found, satisfied, when the gap was reported late', () => {
    const verdict = given(...gap, gapReported('D14 06:00', 's-1').as('told'))
      .when('D20 00:00')
      .then(
        finding('COVERAGE_GAP_UNREPORTED', {
          satisfiedAt: iso('D14 06:00'),
          lateByMinutes: 3240,
        }),
      );
    const late = only(verdict, 'COVERAGE_GAP_UNREPORTED');
    expect(evidenceOf(late)).toEqual(['short CoverageReported', 'told CoverageGapReported']);
    readsWell(late, '14 Mar 2024 06:00 UTC', '2 days 6 hours');
  });

  it('is satisfied by the first late report even when that came after the gap ended', () => {
    given(...gap, covered('D15 00:00', 's-1'), gapReported('D16 00:00', 's-1'))
      .when('D20 00:00')
      .then(finding('COVERAGE_GAP_UNREPORTED', { satisfiedAt: iso('D16 00:00') }));
  });

  it('is satisfied at the end of a gap that outlasted its deadline unreported', () => {
    given(...gap, covered('D15 00:00', 's-1'))
      .when('D20 00:00')
      .then(finding('COVERAGE_GAP_UNREPORTED', { satisfiedAt: iso('D15 00:00') }));
  });

  it('is not found when the gap ended at or before the report deadline', () => {
    given(...gap, covered('D12 00:00', 's-1'))
      .when('D20 00:00')
      .then(findings('COVERAGE_GAP s-1'));
  });

  it('is not found when a recommendation cut the gap before the report deadline', () => {
    given(
      ...gap,
      recommended('D5 12:00', 'rec-span', 'D30 00:00', { sensorId: 's-1' }),
      recommendationDeclined('D6 00:00', 'rec-span'),
    )
      .when('D20 00:00')
      .then(noFinding('COVERAGE_GAP_UNREPORTED'));
  });

  it('is not found yet before the deadline, nor at it', () => {
    given(...gap)
      .when('D11 23:59')
      .then(noFinding('COVERAGE_GAP_UNREPORTED'));
    given(...gap)
      .when('D12 00:00')
      .then(noFinding('COVERAGE_GAP_UNREPORTED'));
  });

  it('counts only reports by the owner of coverage verification', () => {
    given(...gap, gapReported('D6 00:00', 's-1').by('client'))
      .when('D20 00:00')
      .then(finding('COVERAGE_GAP_UNREPORTED'));
    given(
      contracted({ responsibilities: { coverage_verification: 'client' } }),
      deployed('D1 00:00', 's-1'),
      short('D5 00:00', 's-1'),
      gapReported('D6 00:00', 's-1').by('client'),
    )
      .when('D20 00:00')
      .then(noFinding('COVERAGE_GAP_UNREPORTED'));
  });

  it('is owed by the owner of coverage verification when the gap started', () => {
    given(
      contracted(),
      amended('D2 00:00', { responsibilities: { coverage_verification: 'third_party' } }),
      deployed('D1 00:00', 's-1'),
      short('D5 00:00', 's-1'),
    )
      .when('D20 00:00')
      .then(finding('COVERAGE_GAP_UNREPORTED', { party: 'third_party' }));
  });

  it('counts a report about the same sensor or without a sensor, not about another one', () => {
    given(...gap, gapReported('D6 00:00'))
      .when('D20 00:00')
      .then(noFinding('COVERAGE_GAP_UNREPORTED'));
    given(...gap, gapReported('D6 00:00', 's-2'))
      .when('D20 00:00')
      .then(finding('COVERAGE_GAP_UNREPORTED'));
  });

  it('does not count a report made before the gap started', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      gapReported('D4 00:00', 's-1'),
      short('D5 00:00', 's-1'),
    )
      .when('D20 00:00')
      .then(finding('COVERAGE_GAP_UNREPORTED'));
  });

  it('takes a backdated gap report at its recording time', () => {
    const verdict = given(...gap, gapReported('D6 00:00', 's-1').recordedAt('D13 00:00'))
      .when('D20 00:00')
      .then(finding('COVERAGE_GAP_UNREPORTED', { satisfiedAt: iso('D13 00:00') }));
    expect(only(verdict, 'COVERAGE_GAP_UNREPORTED').evidence[1]).toMatchObject({
      lateRecorded: true,
    });
  });

  it('takes the reporting period in force when the gap started', () => {
    given(
      contracted(),
      amended('D2 00:00', { sla: { gapReportDays: 2 } }),
      deployed('D1 00:00', 's-1'),
      short('D5 00:00', 's-1'),
    )
      .when('D20 00:00')
      .then(finding('COVERAGE_GAP_UNREPORTED', { dueAt: iso('D7 00:00') }));
    given(...gap, amended('D6 00:00', { sla: { gapReportDays: 2 } }))
      .when('D20 00:00')
      .then(finding('COVERAGE_GAP_UNREPORTED', { dueAt: iso('D12 00:00') }));
  });
});

describe('COVERAGE_UNMONITORED', () => {
  it('is not found when reports are at most 31 days apart, from the deployment on', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      covered('D32 00:00', 's-1'),
      covered('D63 00:00', 's-1'),
    )
      .when('D94 00:00')
      .then(noFinding());
  });

  it('is found from the deployment to a first report more than 31 days later', () => {
    const verdict = given(
      contracted(),
      deployed('D1 00:00', 's-1').as('deploy'),
      covered('D40 00:00', 's-1').as('first'),
    )
      .when('D41 00:00')
      .then(
        finding('COVERAGE_UNMONITORED', {
          party: 'mssp',
          area: 'coverage_verification',
          weight: 2,
          causal: false,
          subject: { kind: 'coverage', id: 's-1' },
          dueAt: iso('D32 00:00'),
          satisfiedAt: iso('D40 00:00'),
          lateByMinutes: 8 * 1440,
        }),
      );
    const gap = only(verdict, 'COVERAGE_UNMONITORED');
    expect(evidenceOf(gap)).toEqual(['deploy SensorDeployed', 'first CoverageReported']);
    readsWell(gap, '1 Mar 2024 00:00 UTC', '39 days');
  });

  it('is found, unsatisfied, from the last report to asOf', () => {
    const verdict = given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      covered('D2 00:00', 's-1').as('last'),
    )
      .when('D40 00:00')
      .then(
        finding('COVERAGE_UNMONITORED', {
          dueAt: iso('D33 00:00'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
      );
    const open = only(verdict, 'COVERAGE_UNMONITORED');
    expect(evidenceOf(open)).toEqual(['last CoverageReported']);
    readsWell(open, '2 Mar 2024 00:00 UTC', '2 Apr 2024 00:00 UTC');
  });

  it('is not found yet at exactly 31 days, and found just after', () => {
    const events = [contracted(), deployed('D1 00:00', 's-1')];
    given(...events)
      .when('D32 00:00')
      .then(noFinding());
    given(...events)
      .when('D32 00:01')
      .then(finding('COVERAGE_UNMONITORED', { dueAt: iso('D32 00:00') }));
  });

  it('stops counting at termination', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      covered('D2 00:00', 's-1'),
      terminated('D30 00:00'),
    )
      .when('D90 00:00')
      .then(noFinding());
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      covered('D2 00:00', 's-1'),
      terminated('D40 00:00'),
    )
      .when('D90 00:00')
      .then(finding('COVERAGE_UNMONITORED', { dueAt: iso('D33 00:00'), satisfiedAt: null }));
  });

  it('counts an engagement-wide series from the contract start', () => {
    const verdict = given(contracted(), covered('D35 00:00'))
      .when('D36 00:00')
      .then(
        finding('COVERAGE_UNMONITORED', {
          subject: { kind: 'coverage', id: 'eng-1' },
          dueAt: iso('D32 00:00'),
          satisfiedAt: iso('D35 00:00'),
        }),
      );
    readsWell(only(verdict, 'COVERAGE_UNMONITORED'));
  });

  it('has no engagement-wide series without reports lacking a sensor', () => {
    given(contracted()).when('D90 00:00').then(noFinding());
  });

  it('counts a sensor with no deployment from the contract start, the contract as evidence', () => {
    const verdict = given(contracted().as('contract'), covered('D35 00:00', 's-1').as('first'))
      .when('D36 00:00')
      .then(finding('COVERAGE_UNMONITORED', { dueAt: iso('D32 00:00') }));
    expect(evidenceOf(only(verdict, 'COVERAGE_UNMONITORED'))).toEqual([
      'contract EngagementContracted',
      'first CoverageReported',
    ]);
    readsWell(only(verdict, 'COVERAGE_UNMONITORED'), "engagement's start");
  });

  it('has evidence even for a sensor only ever relocated and never reported', () => {
    const verdict = given(contracted().as('contract'), relocated('D2 00:00', 's-1'))
      .when('D40 00:00')
      .then(finding('COVERAGE_UNMONITORED', { dueAt: iso('D32 00:00'), satisfiedAt: null }));
    expect(evidenceOf(only(verdict, 'COVERAGE_UNMONITORED'))).toEqual([
      'contract EngagementContracted',
    ]);
  });

  it('takes the maximum in force at the previous report', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      amended('D1 00:00', { sla: { coverageReportMaxDays: 7 } }),
      covered('D2 00:00', 's-1'),
      covered('D12 00:00', 's-1'),
    )
      .when('D13 00:00')
      .then(finding('COVERAGE_UNMONITORED', { dueAt: iso('D9 00:00') }));
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      covered('D2 00:00', 's-1'),
      amended('D3 00:00', { sla: { coverageReportMaxDays: 7 } }),
      covered('D12 00:00', 's-1'),
    )
      .when('D13 00:00')
      .then(noFinding());
  });

  it('names a sensor id with capitals as it is spelt', () => {
    const verdict = given(contracted(), deployed('D1 00:00', 'S-Box'), short('D2 00:00', 'S-Box'))
      .when('D40 00:00')
      .then(
        findings(
          'COVERAGE_GAP S-Box',
          'COVERAGE_GAP_UNREPORTED S-Box',
          'COVERAGE_UNMONITORED S-Box',
        ),
      );
    for (const f of verdict.findings) readsWell(f, 'S-Box');
  });

  it('is owed by the owner of coverage verification at the previous report', () => {
    given(
      contracted({ responsibilities: { coverage_verification: 'third_party' } }),
      deployed('D1 00:00', 's-1'),
    )
      .when('D40 00:00')
      .then(finding('COVERAGE_UNMONITORED', { party: 'third_party' }));
  });
});
