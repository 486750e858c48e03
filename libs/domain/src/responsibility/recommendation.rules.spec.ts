import {
  amended,
  breachConfirmed,
  contracted,
  evidenceOf,
  finding,
  findings,
  given,
  incidentDeclared,
  iso,
  noFinding,
  only,
  readsWell,
  recommendationDeclined,
  recommended,
  remediated,
  riskAccepted,
} from './testing/rulebook.given';

// A recommendation issued on D1 10:00, due D10 00:00; the client owns remediation by default.
const issued = () => recommended('D1 10:00', 'rec-mfa', 'D10 00:00').as('issued');

describe('RECOMMENDATION_OVERDUE', () => {
  it('is not found when the remediation was completed before dueBy, or exactly at it', () => {
    given(contracted(), issued(), remediated('D9 12:00', 'rec-mfa'))
      .when('D20 00:00')
      .then(noFinding());
    given(contracted(), issued(), remediated('D10 00:00', 'rec-mfa'))
      .when('D20 00:00')
      .then(noFinding());
  });

  it('is not found when the client formally accepted the risk in time (RISK_ACCEPTED instead)', () => {
    given(contracted(), issued(), riskAccepted('D5 00:00', 'rec-mfa'))
      .when('D20 00:00')
      .then(findings('RISK_ACCEPTED rec-mfa'));
  });

  it('is found, unsatisfied, when nothing was done by dueBy', () => {
    const verdict = given(contracted(), issued())
      .when('D20 00:00')
      .then(
        finding('RECOMMENDATION_OVERDUE', {
          party: 'client',
          area: 'remediation',
          weight: 4,
          causal: false,
          subject: { kind: 'recommendation', id: 'rec-mfa' },
          dueAt: iso('D10 00:00'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
      );
    const overdue = only(verdict, 'RECOMMENDATION_OVERDUE');
    expect(evidenceOf(overdue)).toEqual(['issued RecommendationIssued']);
    readsWell(overdue, '10 Mar 2024 00:00 UTC');
  });

  it('is found, satisfied, when the remediation came after dueBy', () => {
    const verdict = given(contracted(), issued(), remediated('D11 06:30', 'rec-mfa').as('done'))
      .when('D20 00:00')
      .then(
        finding('RECOMMENDATION_OVERDUE', {
          dueAt: iso('D10 00:00'),
          satisfiedAt: iso('D11 06:30'),
          lateByMinutes: 1830,
        }),
      );
    const late = only(verdict, 'RECOMMENDATION_OVERDUE');
    expect(evidenceOf(late)).toEqual(['issued RecommendationIssued', 'done RemediationCompleted']);
    readsWell(late, '11 Mar 2024 06:30 UTC', '1 day 6 hours');
  });

  it('is satisfied by a late risk acceptance, which is also RISK_ACCEPTED', () => {
    given(contracted(), issued(), riskAccepted('D12 00:00', 'rec-mfa'))
      .when('D20 00:00')
      .then(
        findings('RECOMMENDATION_OVERDUE rec-mfa', 'RISK_ACCEPTED rec-mfa'),
        finding('RECOMMENDATION_OVERDUE', { satisfiedAt: iso('D12 00:00') }),
      );
  });

  it('takes a backdated remediation at its recording time', () => {
    const verdict = given(
      contracted(),
      issued(),
      remediated('D9 00:00', 'rec-mfa').recordedAt('D10 06:00'),
    )
      .when('D20 00:00')
      .then(finding('RECOMMENDATION_OVERDUE', { satisfiedAt: iso('D10 06:00') }));
    expect(only(verdict, 'RECOMMENDATION_OVERDUE').evidence[1]).toMatchObject({
      lateRecorded: true,
    });
  });

  it('is not found yet before dueBy, nor at dueBy', () => {
    given(contracted(), issued()).when('D9 23:59').then(noFinding());
    given(contracted(), issued()).when('D10 00:00').then(noFinding());
  });

  it('gives way to RECOMMENDATION_DECLINED', () => {
    given(contracted(), issued(), recommendationDeclined('D12 00:00', 'rec-mfa'))
      .when('D20 00:00')
      .then(findings('RECOMMENDATION_DECLINED rec-mfa'));
  });

  it("is owed by the owner of the recommendation's area", () => {
    given(
      contracted(),
      recommended('D1 10:00', 'rec-span', 'D10 00:00', { area: 'sensor_placement' }),
    )
      .when('D20 00:00')
      .then(finding('RECOMMENDATION_OVERDUE', { party: 'mssp', area: 'sensor_placement' }));
    given(contracted({ responsibilities: { remediation: 'third_party' } }), issued())
      .when('D20 00:00')
      .then(finding('RECOMMENDATION_OVERDUE', { party: 'third_party', area: 'remediation' }));
  });

  it('takes the owner in force when the recommendation was issued', () => {
    given(
      contracted(),
      amended('D1 09:00', { responsibilities: { remediation: 'mssp' } }),
      issued(),
      amended('D2 09:00', { responsibilities: { remediation: 'third_party' } }),
    )
      .when('D20 00:00')
      .then(finding('RECOMMENDATION_OVERDUE', { party: 'mssp' }));
  });
});

describe('RECOMMENDATION_DECLINED', () => {
  it('is found when the client declines, at the decline', () => {
    const verdict = given(
      contracted(),
      issued(),
      recommendationDeclined('D2 14:00', 'rec-mfa').as('no'),
    )
      .when('D20 00:00')
      .then(
        finding('RECOMMENDATION_DECLINED', {
          party: 'client',
          area: 'remediation',
          weight: 4,
          causal: false,
          subject: { kind: 'recommendation', id: 'rec-mfa' },
          dueAt: iso('D2 14:00'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
        noFinding('RECOMMENDATION_OVERDUE'),
      );
    const no = only(verdict, 'RECOMMENDATION_DECLINED');
    expect(evidenceOf(no)).toEqual(['issued RecommendationIssued', 'no RecommendationDeclined']);
    readsWell(no, '2 Mar 2024 14:00 UTC', 'Too costly');
  });

  it('is found before dueBy: a decline needs no deadline', () => {
    given(contracted(), issued(), recommendationDeclined('D2 14:00', 'rec-mfa'))
      .when('D3 00:00')
      .then(findings('RECOMMENDATION_DECLINED rec-mfa'));
  });

  it('takes a backdated decline at its recording time', () => {
    given(
      contracted(),
      issued(),
      recommendationDeclined('D2 14:00', 'rec-mfa').recordedAt('D3 14:00'),
    )
      .when('D20 00:00')
      .then(finding('RECOMMENDATION_DECLINED', { dueAt: iso('D3 14:00') }));
  });

  it("is owed by the owner of the recommendation's area at the decline", () => {
    given(
      contracted(),
      recommended('D1 10:00', 'rec-span', 'D10 00:00', { area: 'coverage_verification' }),
      amended('D2 00:00', { responsibilities: { coverage_verification: 'third_party' } }),
      recommendationDeclined('D3 00:00', 'rec-span'),
    )
      .when('D20 00:00')
      .then(
        finding('RECOMMENDATION_DECLINED', { party: 'third_party', area: 'coverage_verification' }),
      );
  });
});

describe('RISK_ACCEPTED', () => {
  it('records that the client owns the risk, at weight 0', () => {
    const verdict = given(contracted(), issued(), riskAccepted('D5 09:00', 'rec-mfa').as('risk'))
      .when('D20 00:00')
      .then(
        finding('RISK_ACCEPTED', {
          party: 'client',
          area: 'remediation',
          weight: 0,
          causal: false,
          subject: { kind: 'recommendation', id: 'rec-mfa' },
          dueAt: iso('D5 09:00'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
      );
    const risk = only(verdict, 'RISK_ACCEPTED');
    expect(evidenceOf(risk)).toEqual(['issued RecommendationIssued', 'risk RiskAccepted']);
    readsWell(risk, '5 Mar 2024 09:00 UTC', 'CISO');
    expect(verdict.primary).toBe('none');
    expect(verdict.parties.client).toEqual({ findings: 1, weight: 0 });
  });

  it('weighs 5 when a breach names the recommendation as its root cause', () => {
    const verdict = given(
      contracted(),
      issued(),
      riskAccepted('D5 09:00', 'rec-mfa'),
      incidentDeclared('D15 00:00', 'inc-1'),
      breachConfirmed('D16 00:00', 'inc-1', {
        kind: 'unpatched_vulnerability',
        recommendationId: 'rec-mfa',
      }),
    )
      .when('D20 00:00')
      .then(finding('RISK_ACCEPTED', { weight: 5, causal: true }));
    expect(verdict.primary).toBe('client');
    expect(verdict.parties.client).toEqual({ findings: 1, weight: 5 });
  });

  it('takes a backdated acceptance at its recording time', () => {
    const verdict = given(
      contracted(),
      issued(),
      riskAccepted('D5 09:00', 'rec-mfa').recordedAt('D6 09:00'),
    )
      .when('D20 00:00')
      .then(finding('RISK_ACCEPTED', { dueAt: iso('D6 09:00') }));
    expect(only(verdict, 'RISK_ACCEPTED').evidence[1]).toMatchObject({ lateRecorded: true });
  });

  it("is owed by the owner of the recommendation's area at the acceptance", () => {
    given(
      contracted(),
      issued(),
      amended('D2 00:00', { responsibilities: { remediation: 'third_party' } }),
      riskAccepted('D5 09:00', 'rec-mfa'),
    )
      .when('D20 00:00')
      .then(finding('RISK_ACCEPTED', { party: 'third_party' }));
  });
});
