import { testEventStore } from '../testing/event-store.contract';
import { MemoryEventStore } from './memory.event-store';

testEventStore('memory', () => Promise.resolve({ store: new MemoryEventStore() }));
