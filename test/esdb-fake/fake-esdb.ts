/**
 * A fake EventStoreDB node for tests: a real gRPC server (@grpc/grpc-js) that speaks the subset of
 * the EventStoreDB client protocol @eventstore/db-client uses for Onus, backed by memory.
 *
 * It is built from the very service definitions and protobuf classes the client package ships
 * (`@eventstore/db-client/generated/*`), loaded through the same module files the client loads,
 * so what goes over the wire is byte for byte what a real server would have to understand.
 *
 * Served: ServerFeatures/GetSupportedMethods, Gossip/Read (for esdb+discover:// only),
 * Streams/Append, Streams/BatchAppend, Streams/Read (stream and $all reads, forwards and
 * backwards, filters, and catch-up subscriptions to a stream or to $all).
 * Not served (UNIMPLEMENTED): deletes, tombstones, persistent subscriptions, projections, users.
 */
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { type Any as AnyMessage } from 'google-protobuf/google/protobuf/any_pb';
import { type Empty as GoogleEmptyMessage } from 'google-protobuf/google/protobuf/empty_pb';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import * as gossipPb from '@eventstore/db-client/generated/gossip_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import * as featuresPb from '@eventstore/db-client/generated/serverfeatures_pb';
import { type Code } from '@eventstore/db-client/generated/code_pb';
import * as sharedPb from '@eventstore/db-client/generated/shared_pb';
import * as statusPb from '@eventstore/db-client/generated/status_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import * as streamsPb from '@eventstore/db-client/generated/streams_pb';
import {
  type AppendOutcome,
  type ExpectedState,
  type FakeRecord,
  FakeLog,
  type LogPosition,
  matches,
  type ProposedEvent,
  type RecordFilter,
} from './fake-log';

// The generated classes require google-protobuf from the client's own node_modules; Any and the
// google.protobuf.Empty must be that same copy (resolved from there, loaded through the same
// module system) for the messages built here to serialize with the client's classes.
const fromClient = (request: string): string =>
  require.resolve(request, {
    paths: [dirname(require.resolve('@eventstore/db-client/generated/status_pb'))],
  });
/* eslint-disable @typescript-eslint/no-require-imports -- see above: the client's own copy */
const { Any } = require(fromClient('google-protobuf/google/protobuf/any_pb.js')) as {
  Any: new () => AnyMessage;
};
const { Empty: GoogleEmpty } = require(
  fromClient('google-protobuf/google/protobuf/empty_pb.js'),
) as {
  Empty: new () => GoogleEmptyMessage;
};
/* eslint-enable @typescript-eslint/no-require-imports */

type ReadCall = grpc.ServerWritableStream<streamsPb.ReadReq, streamsPb.ReadResp>;
interface CallFailure {
  readonly kind: 'fail';
  readonly code: grpc.status;
  readonly details: string;
}
type Options = streamsPb.ReadReq.Options;
const { ReadResp } = streamsPb;
const { StreamOptionCase, CountOptionCase, ReadDirection } = streamsPb.ReadReq.Options;

export interface FakeEsdbOptions {
  /** Advertise Streams/BatchAppend (what a current server does); off, the client uses Streams/Append. */
  readonly batchAppend?: boolean;
  /** The clock stamping `created`; Date.now by default. */
  readonly now?: () => number;
  /** Listen on this port (0, the default: any free one). With `log`, a restart of a node. */
  readonly port?: number;
  /** Serve this log (e.g. the `log` of a stopped fake) instead of a new, empty one. */
  readonly log?: FakeLog;
}

export type { ProposedEvent };

export interface FakeEsdb {
  /** `esdb://127.0.0.1:PORT?tls=false`. */
  readonly url: string;
  readonly port: number;
  /** The fake's log, to inspect or to write foreign events into directly. */
  readonly log: FakeLog;
  /** Calls received, by gRPC method path. */
  readonly calls: ReadonlyMap<string, number>;
  /** Appends a JSON event to `stream` as some other writer would (expected revision: any). */
  appendForeign(stream: string, type?: string, data?: unknown): FakeRecord;
  /**
   * Runs `hook` once, just before the server applies the next append it receives, e.g. to let
   * "another writer" store the same events first (the hook may call `log.append`). A hook that
   * throws an Error with a gRPC `code` fails the call with that status, as a lost connection would.
   */
  beforeNextAppend(hook: (stream: string, events: readonly ProposedEvent[]) => void): void;
  /** Ends every open subscription call with `code` (UNAVAILABLE by default): a dropped subscription. */
  dropSubscriptions(code?: grpc.status): number;
  stop(): Promise<void>;
}

const SERVER_VERSION = '24.10.0-onus-fake';
const DEFAULT_MAX_SEARCH_WINDOW = 32;

export async function startFakeEsdb(options: FakeEsdbOptions = {}): Promise<FakeEsdb> {
  const log = options.log ?? new FakeLog(options.now);
  const calls = new Map<string, number>();
  const subscriptions = new Set<{ call: ReadCall; stop: () => void }>();
  const server = new grpc.Server();
  const instanceId = randomUUID();
  let port = 0;
  let nextAppendHook: ((stream: string, events: readonly ProposedEvent[]) => void) | undefined;
  const appendToLog = (
    stream: string,
    expected: ExpectedState,
    events: readonly ProposedEvent[],
  ): AppendOutcome | CallFailure => {
    const hook = nextAppendHook;
    nextAppendHook = undefined;
    try {
      hook?.(stream, events);
    } catch (thrown) {
      const failure = thrown as Partial<Error & { code: grpc.status }>;
      return {
        kind: 'fail',
        code: failure.code ?? grpc.status.UNKNOWN,
        details: failure.message ?? String(thrown),
      };
    }
    return log.append(stream, expected, events);
  };

  const count = (path: string): void => {
    calls.set(path, (calls.get(path) ?? 0) + 1);
  };

  server.addService(ServerFeaturesService, {
    getSupportedMethods: (
      _call: unknown,
      callback: grpc.sendUnaryData<featuresPb.SupportedMethods>,
    ) => {
      count(ServerFeaturesService.getSupportedMethods.path);
      const methods = [
        'read',
        'append',
        ...(options.batchAppend === false ? [] : ['batchappend']),
      ].map((name) =>
        new featuresPb.SupportedMethod()
          .setServiceName('event_store.client.streams.streams')
          .setMethodName(name),
      );
      callback(
        null,
        new featuresPb.SupportedMethods()
          .setEventStoreServerVersion(SERVER_VERSION)
          .setMethodsList(methods),
      );
    },
  });

  server.addService(GossipService, {
    read: (_call: unknown, callback: grpc.sendUnaryData<gossipPb.ClusterInfo>) => {
      count(GossipService.read.path);
      const member = new gossipPb.MemberInfo()
        .setInstanceId(new sharedPb.UUID().setString(instanceId))
        .setTimeStamp(String(BigInt(Date.now()) * 10_000n))
        .setState(gossipPb.MemberInfo.VNodeState.LEADER)
        .setIsAlive(true)
        .setHttpEndPoint(new gossipPb.EndPoint().setAddress('127.0.0.1').setPort(port));
      callback(null, new gossipPb.ClusterInfo().setMembersList([member]));
    },
  });

  server.addService(StreamsService, {
    append: (
      call: grpc.ServerReadableStream<streamsPb.AppendReq, streamsPb.AppendResp>,
      callback: grpc.sendUnaryData<streamsPb.AppendResp>,
    ) => {
      count(StreamsService.append.path);
      let header: streamsPb.AppendReq.Options | undefined;
      const proposed: ProposedEvent[] = [];
      call.on('data', (request: streamsPb.AppendReq) => {
        if (request.hasOptions()) header = request.getOptions();
        else if (request.hasProposedMessage())
          proposed.push(toProposed(request.getProposedMessage()!));
      });
      call.on('error', () => undefined);
      call.on('end', () => {
        if (!header)
          return callback({
            code: grpc.status.INVALID_ARGUMENT,
            details: 'append: no options sent',
          });
        const stream = streamName(header.getStreamIdentifier());
        const expected = expectedFromAppend(header);
        const outcome = appendToLog(stream, expected, proposed);
        switch (outcome.kind) {
          case 'fail':
            return callback({ code: outcome.code, details: outcome.details });
          case 'invalid':
            return callback({ code: grpc.status.INVALID_ARGUMENT, details: outcome.message });
          case 'wrong_expected_version': {
            const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
            if (outcome.currentRevision === undefined)
              wrong.setCurrentNoStream(new sharedPb.Empty());
            else wrong.setCurrentRevision(outcome.currentRevision.toString());
            switch (expected.kind) {
              case 'any':
                wrong.setExpectedAny(new sharedPb.Empty());
                break;
              case 'no_stream':
                wrong.setExpectedNoStream(new sharedPb.Empty());
                break;
              case 'stream_exists':
                wrong.setExpectedStreamExists(new sharedPb.Empty());
                break;
              case 'revision':
                wrong.setExpectedRevision(expected.revision.toString());
                break;
            }
            return callback(null, new streamsPb.AppendResp().setWrongExpectedVersion(wrong));
          }
          case 'success': {
            const success = new streamsPb.AppendResp.Success().setCurrentRevision(
              outcome.currentRevision.toString(),
            );
            if (outcome.position) {
              success.setPosition(
                new streamsPb.AppendResp.Position()
                  .setCommitPosition(outcome.position.commit.toString())
                  .setPreparePosition(outcome.position.prepare.toString()),
              );
            } else {
              success.setNoPosition(new sharedPb.Empty());
            }
            return callback(null, new streamsPb.AppendResp().setSuccess(success));
          }
        }
      });
    },

    batchAppend: (
      call: grpc.ServerDuplexStream<streamsPb.BatchAppendReq, streamsPb.BatchAppendResp>,
    ) => {
      count(StreamsService.batchAppend.path);
      // One long-lived call carries many appends, each a run of requests sharing a correlation id
      // and ending with is_final; the first of a run carries the options.
      const pending = new Map<
        string,
        { header?: streamsPb.BatchAppendReq.Options; events: ProposedEvent[] }
      >();
      call.on('data', (request: streamsPb.BatchAppendReq) => {
        const correlation = request.getCorrelationId();
        const key = uuidToString(correlation);
        const entry = pending.get(key) ?? { events: [] };
        pending.set(key, entry);
        if (request.hasOptions()) entry.header = request.getOptions();
        entry.events.push(...request.getProposedMessagesList().map(toProposed));
        if (!request.getIsFinal()) return;
        pending.delete(key);
        const response = new streamsPb.BatchAppendResp().setCorrelationId(correlation);
        if (!entry.header) {
          call.write(
            response.setError(
              rpcStatus(grpc.status.INVALID_ARGUMENT, 'batch append: no options sent'),
            ),
          );
          return;
        }
        const identifier = entry.header.getStreamIdentifier();
        response.setStreamIdentifier(identifier);
        const expected = expectedFromBatch(entry.header);
        const outcome = appendToLog(streamName(identifier), expected, entry.events);
        switch (outcome.kind) {
          case 'fail':
            // What a lost connection looks like: the whole call fails.
            call.emit('error', { code: outcome.code, details: outcome.details });
            return;
          case 'invalid':
            response.setError(rpcStatus(grpc.status.INVALID_ARGUMENT, outcome.message));
            break;
          case 'wrong_expected_version': {
            const details = new sharedPb.WrongExpectedVersion();
            if (outcome.currentRevision === undefined)
              details.setCurrentNoStream(new GoogleEmpty());
            else details.setCurrentStreamRevision(outcome.currentRevision.toString());
            switch (expected.kind) {
              case 'any':
                details.setExpectedAny(new GoogleEmpty());
                break;
              case 'no_stream':
                details.setExpectedNoStream(new GoogleEmpty());
                break;
              case 'stream_exists':
                details.setExpectedStreamExists(new GoogleEmpty());
                break;
              case 'revision':
                details.setExpectedStreamPosition(expected.revision.toString());
                break;
            }
            const packed = new Any();
            packed.pack(details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
            response.setError(
              rpcStatus(grpc.status.FAILED_PRECONDITION, 'WrongExpectedVersion', packed),
            );
            break;
          }
          case 'success': {
            const success = new streamsPb.BatchAppendResp.Success().setCurrentRevision(
              outcome.currentRevision.toString(),
            );
            if (outcome.position) {
              success.setPosition(
                new sharedPb.AllStreamPosition()
                  .setCommitPosition(outcome.position.commit.toString())
                  .setPreparePosition(outcome.position.prepare.toString()),
              );
            } else {
              success.setNoPosition(new GoogleEmpty());
            }
            response.setSuccess(success);
            break;
          }
        }
        call.write(response);
      });
      call.on('error', () => undefined);
      call.on('end', () => call.end());
    },

    read: (call: ReadCall) => {
      count(StreamsService.read.path);
      const request = call.request.getOptions();
      if (!request)
        return call.emit('error', {
          code: grpc.status.INVALID_ARGUMENT,
          details: 'read: no options',
        });
      try {
        if (request.getCountOptionCase() === CountOptionCase.SUBSCRIPTION) subscribe(call, request);
        else read(call, request);
      } catch (error) {
        call.emit('error', {
          code: grpc.status.INVALID_ARGUMENT,
          details: (error as Error).message,
        });
      }
    },

    delete: (_call: unknown, callback: grpc.sendUnaryData<never>) =>
      callback({ code: grpc.status.UNIMPLEMENTED, details: 'the fake does not delete streams' }),
    tombstone: (_call: unknown, callback: grpc.sendUnaryData<never>) =>
      callback({ code: grpc.status.UNIMPLEMENTED, details: 'the fake does not tombstone streams' }),
  });

  function read(call: ReadCall, request: Options): void {
    const requested = BigInt(request.getCount() || '0');
    const countLimit =
      requested > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(requested);
    const backwards = request.getReadDirection() === ReadDirection.BACKWARDS;
    const structuredIds = request.getUuidOption()?.hasStructured() ?? false;
    let records: FakeRecord[];
    if (request.getStreamOptionCase() === StreamOptionCase.ALL) {
      const all = request.getAll()!;
      const from = all.hasPosition()
        ? toLogPosition(all.getPosition()!)
        : all.hasEnd()
          ? 'end'
          : 'start';
      const filter = toFilter(request);
      records = backwards
        ? log.readAllBackwards(from, countLimit, filter)
        : log.readAllForwards(from, countLimit, filter);
    } else {
      const options = request.getStream()!;
      const name = streamName(options.getStreamIdentifier());
      const stream = log.stream(name);
      if (!stream) {
        call.write(
          new ReadResp().setStreamNotFound(
            new ReadResp.StreamNotFound().setStreamIdentifier(options.getStreamIdentifier()),
          ),
        );
        call.end();
        return;
      }
      const last = stream.length - 1;
      if (backwards) {
        const start = options.hasRevision()
          ? Math.min(Number(options.getRevision()), last)
          : options.hasStart()
            ? -1
            : last;
        records = [];
        for (let r = start; r >= 0 && records.length < countLimit; r--) records.push(stream[r]!);
      } else {
        const start = options.hasRevision()
          ? Number(options.getRevision())
          : options.hasEnd()
            ? stream.length
            : 0;
        records = stream.slice(start, start + countLimit);
      }
    }
    for (const record of records) call.write(eventResponse(record, structuredIds));
    call.end();
  }

  /**
   * Catch-up then live, as the server does it: confirmation, the stored events after the start
   * point (exclusive, like the server's), a checkpoint for filtered $all subscriptions, CaughtUp,
   * then every matching event as it is appended. Everything up to registering the live listener
   * runs synchronously, so no append can slip between catch-up and live.
   */
  function subscribe(call: ReadCall, request: Options): void {
    const structuredIds = request.getUuidOption()?.hasStructured() ?? false;
    const send = (response: streamsPb.ReadResp): void => {
      if (!call.cancelled && !call.writableEnded) call.write(response);
    };
    send(
      new ReadResp().setConfirmation(
        new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID()),
      ),
    );

    let accept: (record: FakeRecord) => boolean;
    let checkpointEvery = 0;
    let considered = 0;
    if (request.getStreamOptionCase() === StreamOptionCase.ALL) {
      const all = request.getAll()!;
      const filter = toFilter(request);
      if (filter) {
        const windowSize = request.getFilter()!.hasMax()
          ? request.getFilter()!.getMax()
          : DEFAULT_MAX_SEARCH_WINDOW;
        checkpointEvery =
          Math.max(1, request.getFilter()!.getCheckpointintervalmultiplier()) * windowSize;
      }
      accept = (record) => matches(record, filter);
      const start = all.hasPosition()
        ? log.firstAfter(toLogPosition(all.getPosition()!))
        : all.hasEnd()
          ? log.records.length
          : 0;
      for (let i = start; i < log.records.length; i++) {
        const record = log.records[i]!;
        if (accept(record)) send(eventResponse(record, structuredIds));
      }
      if (filter) send(checkpointResponse(log.end));
    } else {
      const options = request.getStream()!;
      const name = streamName(options.getStreamIdentifier());
      accept = (record) => record.stream === name;
      const stream = log.stream(name) ?? [];
      const start = options.hasRevision()
        ? Number(options.getRevision()) + 1
        : options.hasEnd()
          ? stream.length
          : 0;
      for (let r = start; r < stream.length; r++) send(eventResponse(stream[r]!, structuredIds));
    }
    send(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));

    const unlisten = log.onAppend((record) => {
      if (accept(record)) {
        considered = 0;
        send(eventResponse(record, structuredIds));
      } else if (checkpointEvery > 0 && ++considered >= checkpointEvery) {
        considered = 0;
        send(checkpointResponse(record.position));
      }
    });
    const entry = { call, stop: unlisten };
    subscriptions.add(entry);
    const end = (): void => {
      unlisten();
      subscriptions.delete(entry);
    };
    call.on('cancelled', end);
    call.on('close', end);
    call.on('error', end);
  }

  port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `127.0.0.1:${options.port ?? 0}`,
      grpc.ServerCredentials.createInsecure(),
      (error, bound) => (error ? reject(error) : resolve(bound)),
    ),
  );

  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    log,
    calls,
    appendForeign(stream, type = 'ForeignEvent', data = { foreign: true }) {
      const outcome = log.append(stream, { kind: 'any' }, [
        {
          id: randomUUID(),
          type,
          contentType: 'application/json',
          data: Buffer.from(JSON.stringify(data)),
          customMetadata: new Uint8Array(),
        },
      ]);
      if (outcome.kind !== 'success') throw new Error(`foreign append failed: ${outcome.kind}`);
      return log.records.at(-1)!;
    },
    beforeNextAppend(hook) {
      nextAppendHook = hook;
    },
    dropSubscriptions(code = grpc.status.UNAVAILABLE) {
      const dropped = [...subscriptions];
      subscriptions.clear();
      for (const { call, stop } of dropped) {
        stop();
        call.emit('error', { code, details: 'subscription dropped by the fake EventStoreDB' });
      }
      return dropped.length;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const { stop } of subscriptions) stop();
        subscriptions.clear();
        server.forceShutdown();
        resolve();
      }),
  };
}

function streamName(identifier: sharedPb.StreamIdentifier | undefined): string {
  if (!identifier) throw new Error('missing stream identifier');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

function uuidToString(uuid: sharedPb.UUID | undefined): string {
  if (!uuid) return '';
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured()!;
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
    bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString();
}

function uuidMessage(id: string, structured: boolean): sharedPb.UUID {
  if (!structured) return new sharedPb.UUID().setString(id);
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  return new sharedPb.UUID().setStructured(
    new sharedPb.UUID.Structured()
      .setMostSignificantBits(bytes.readBigInt64BE(0).toString())
      .setLeastSignificantBits(bytes.readBigInt64BE(8).toString()),
  );
}

function toProposed(
  message: streamsPb.AppendReq.ProposedMessage | streamsPb.BatchAppendReq.ProposedMessage,
): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: uuidToString(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

function expectedFromAppend(options: streamsPb.AppendReq.Options): ExpectedState {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function expectedFromBatch(options: streamsPb.BatchAppendReq.Options): ExpectedState {
  if (options.hasStreamPosition())
    return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function rpcStatus(code: grpc.status, message: string, details?: AnyMessage): statusPb.Status {
  const status = new statusPb.Status().setCode(code as number as Code).setMessage(message);
  if (details) status.setDetails(details);
  return status;
}

function toLogPosition(position: streamsPb.ReadReq.Options.Position): LogPosition {
  return {
    commit: BigInt(position.getCommitPosition()),
    prepare: BigInt(position.getPreparePosition()),
  };
}

function toFilter(request: Options): RecordFilter | undefined {
  if (!request.hasFilter()) return undefined;
  const filter = request.getFilter()!;
  const on = filter.hasStreamIdentifier() ? 'stream' : 'type';
  const expression = (on === 'stream' ? filter.getStreamIdentifier() : filter.getEventType())!;
  return {
    on,
    expression: expression.getRegex()
      ? { regex: new RegExp(expression.getRegex()) }
      : { prefixes: expression.getPrefixList() },
  };
}

function eventResponse(record: FakeRecord, structuredIds: boolean): streamsPb.ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(record.id, structuredIds))
    .setStreamIdentifier(
      new sharedPb.StreamIdentifier().setStreamName(Buffer.from(record.stream, 'utf8')),
    )
    .setStreamRevision(record.revision.toString())
    .setCommitPosition(record.position.commit.toString())
    .setPreparePosition(record.position.prepare.toString())
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  recorded
    .getMetadataMap()
    .set('type', record.type)
    .set('content-type', record.contentType)
    .set('created', record.createdTicks.toString());
  return new ReadResp().setEvent(
    new ReadResp.ReadEvent()
      .setEvent(recorded)
      .setCommitPosition(record.position.commit.toString()),
  );
}

function checkpointResponse(position: LogPosition): streamsPb.ReadResp {
  return new ReadResp().setCheckpoint(
    new ReadResp.Checkpoint()
      .setCommitPosition(position.commit.toString())
      .setPreparePosition(position.prepare.toString()),
  );
}
