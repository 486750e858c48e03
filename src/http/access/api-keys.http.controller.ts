import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type ApiKeyRecord, ApiKeyStore, grantProblems, type KeyGrant } from '@onus/access';
import { ApiError, errorBody } from '../error-body';
import { Access, OPERATORS } from './access-rule';

export interface CreatedApiKey extends ApiKeyRecord {
  /** The key itself: shown here once, stored only as a salted hash. */
  readonly key: string;
}

const FIELDS = new Set(['actor', 'role', 'party', 'engagements']);

/** Operator-only management of API keys (not the notary's public key at /v1/keys). */
@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysHttpController {
  constructor(@Inject(ApiKeyStore) private readonly keys: ApiKeyStore) {}

  @Post()
  @Access(OPERATORS)
  @ApiOperation({
    summary: 'Create an API key (operator)',
    description:
      'Body `{actor, role: operator|recorder|auditor, party?: client|mssp|third_party (recorders), engagements?: [ids] | "all"}`. ' +
      'The answer carries the key once; only its salted hash is kept.',
  })
  @ApiResponse({ status: 201, description: 'the key and what it grants' })
  @ApiResponse({ status: 400, description: 'every bad field, named' })
  create(@Body() body: unknown): CreatedApiKey {
    const grant = parseGrant(body);
    const { key, record } = this.keys.create(grant);
    return { ...record, key };
  }

  @Get()
  @Access(OPERATORS)
  @ApiOperation({ summary: 'List API keys (operator); never their secrets' })
  list(): ApiKeyRecord[] {
    return this.keys.list();
  }

  @Delete(':id')
  @HttpCode(200)
  @Access(OPERATORS)
  @ApiOperation({ summary: 'Revoke an API key (operator); it is refused from the next request' })
  @ApiResponse({ status: 404, description: 'no key with that id' })
  revoke(@Param('id') id: string): ApiKeyRecord {
    const record = /^[0-9a-f]{16}$/.test(id) ? this.keys.revoke(id) : undefined;
    if (!record) throw new ApiError(errorBody(404, `no API key with id ${id}`));
    return record;
  }
}

function parseGrant(body: unknown): KeyGrant {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError(
      errorBody(400, 'body: must be an object', [{ path: 'body', reason: 'must be an object' }]),
    );
  const fields = body as Record<string, unknown>;
  const problems = [
    ...Object.keys(fields)
      .filter((name) => !FIELDS.has(name))
      .map((path) => ({ path, reason: 'unknown field' })),
    ...grantProblems(fields),
  ];
  if (problems.length > 0)
    throw new ApiError(
      errorBody(400, problems.map((p) => `${p.path}: ${p.reason}`).join('; '), problems),
    );
  const role = fields.role as KeyGrant['role'];
  return {
    actor: fields.actor as string,
    role,
    ...(role === 'recorder' ? { party: fields.party as KeyGrant['party'] } : {}),
    engagements: role === 'operator' ? 'all' : (fields.engagements as KeyGrant['engagements']),
  };
}
