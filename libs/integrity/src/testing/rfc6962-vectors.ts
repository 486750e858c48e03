/**
 * RFC 6962 Merkle tree test vectors: DATA copied verbatim from the public repository
 * github.com/transparency-dev/merkle (Go, Apache License 2.0). Each block names the file and
 * the commit it was copied from. Nothing here is derived by this project; the specs derive the
 * corrupted probes from these vectors with the recipe of `proof/verify_test.go`
 * (`corruptInclusionProof` / `corruptConsistencyProof`), and check that the derivation matches
 * the recipe's published JSON output (`testdata/`, samples copied below).
 */

export const SOURCE_REPOSITORY = 'https://github.com/transparency-dev/merkle';

// --- rfc6962/rfc6962_test.go @ 78493b07ef9b552e3379abf9e23d4da26fbe797c (TestRFC6962Hasher) ---

export const HASHER_VECTORS = {
  /** `echo -n | sha256sum` */
  emptyRoot: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  /** HashLeaf([]byte{}) */
  emptyLeaf: '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  /** HashLeaf([]byte("L123456")) */
  leafL123456: '395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56',
  /** HashChildren([]byte("N123"), []byte("N456")) */
  nodeN123N456: 'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
} as const;

// --- testonly/constants.go @ 582a6ad190b6848f1d26f8bf08ddef29955d9db1 ---

/** LeafInputs(): the 8 leaf inputs, hex. */
export const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];

/** NodeHashes(): every complete subtree of the 8-leaf tree, [level][index]. */
export const NODE_HASHES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];

/** RootHashes(): the root of the tree of the first `size` leaves, indexed by size 0..8. */
export const ROOT_HASHES = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** CompactTrees(): the complete subtrees of each size 0..8, as NodeHashes [level, index]. */
export const COMPACT_TREES: [level: number, index: number][][] = [
  [],
  [[0, 0]],
  [[1, 0]],
  [
    [1, 0],
    [0, 2],
  ],
  [[2, 0]],
  [
    [2, 0],
    [0, 4],
  ],
  [
    [2, 0],
    [1, 2],
  ],
  [
    [2, 0],
    [1, 2],
    [0, 6],
  ],
  [[3, 0]],
];

// --- proof/verify_test.go @ 02194e9afb6c1d95b5381350007963aa70fff472 ---

/** sha256SomeHash */
export const SOME_HASH = 'abacaba000000000000000000000000000000000000000000060061e00123456';
/** sha256EmptyTreeHash */
export const EMPTY_TREE_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * inclusionProofs. `leaf` is 1-based, as in the source (the test uses leaf - 1 as the index and
 * skips entry 0, `{0, 0, nil}`, "an invalid path").
 */
export const INCLUSION_PROOFS: { leaf: number; size: number; proof: string[] }[] = [
  { leaf: 0, size: 0, proof: [] },
  { leaf: 1, size: 1, proof: [] },
  {
    leaf: 1,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    leaf: 6,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    leaf: 3,
    size: 3,
    proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'],
  },
  {
    leaf: 2,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

/** consistencyProofs */
export const CONSISTENCY_PROOFS: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

/** roots: the root of the tree of size i + 1, for sizes 1..8. */
export const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** leaves: the same 8 leaf inputs as LeafInputs(), hex. */
export const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];

/** TestVerifyInclusionSingleEntry: leaf data "data"; root = leaf hash, empty proof. */
export const SINGLE_ENTRY_DATA = 'data';

/**
 * TestVerifyInclusion: (index, size) probes that must fail with an empty proof, whatever the
 * combination of sha256SomeHash / empty / sha256EmptyTreeHash as leaf and root.
 */
export const INCLUSION_INVALID_PARAMS: { index: number; size: number }[] = [
  { index: 0, size: 0 },
  { index: 0, size: 1 },
  { index: 1, size: 0 },
  { index: 2, size: 1 },
];

/**
 * TestVerifyConsistency's table. Roots are `don't care 1` / `don't care 2` (UTF-8 strings, not
 * hashes), `emptyTree` (sha256EmptyTreeHash); `proof` is [] (proof1) or [sha256EmptyTreeHash]
 * (proof2).
 */
export const CONSISTENCY_TABLE: {
  size1: number;
  size2: number;
  root1: 'dontCare1' | 'dontCare2' | 'emptyTree';
  root2: 'dontCare1' | 'dontCare2' | 'emptyTree';
  proof: 'proof1' | 'proof2';
  wantErr: boolean;
}[] = [
  { size1: 0, size2: 0, root1: 'dontCare1', root2: 'dontCare2', proof: 'proof1', wantErr: true },
  { size1: 1, size2: 1, root1: 'dontCare1', root2: 'dontCare2', proof: 'proof1', wantErr: true },
  // Sizes that are always consistent.
  { size1: 0, size2: 0, root1: 'dontCare1', root2: 'dontCare1', proof: 'proof1', wantErr: false },
  { size1: 0, size2: 1, root1: 'dontCare1', root2: 'dontCare2', proof: 'proof1', wantErr: false },
  { size1: 1, size2: 1, root1: 'dontCare2', root2: 'dontCare2', proof: 'proof1', wantErr: false },
  // Time travel to the past.
  { size1: 1, size2: 0, root1: 'dontCare1', root2: 'dontCare2', proof: 'proof1', wantErr: true },
  { size1: 2, size2: 1, root1: 'dontCare1', root2: 'dontCare2', proof: 'proof1', wantErr: true },
  // Empty proof.
  { size1: 1, size2: 2, root1: 'dontCare1', root2: 'dontCare2', proof: 'proof1', wantErr: true },
  // Roots don't match.
  { size1: 0, size2: 0, root1: 'emptyTree', root2: 'dontCare2', proof: 'proof1', wantErr: true },
  { size1: 1, size2: 1, root1: 'emptyTree', root2: 'dontCare2', proof: 'proof1', wantErr: true },
  // Roots match but the proof is not empty.
  { size1: 0, size2: 0, root1: 'emptyTree', root2: 'emptyTree', proof: 'proof2', wantErr: true },
  { size1: 0, size2: 1, root1: 'emptyTree', root2: 'emptyTree', proof: 'proof2', wantErr: true },
  { size1: 1, size2: 1, root1: 'emptyTree', root2: 'emptyTree', proof: 'proof2', wantErr: true },
];

// --- proof/proof_test.go @ 02a3e2029520f515596d5238c54fb0ac9e19bff4 (TestInclusion,
// TestConsistency): which nodes a proof is made of. `ids` are compact.NewNodeID(level, index);
// `rehash: [begin, end]` means ids[begin:end] are hashed into one ephemeral node (listed
// bottom-up, i.e. right to left); no `ids` means the call must fail. ---

export interface NodeProofVector {
  ids?: [level: number, index: number][];
  rehash?: [begin: number, end: number];
}

export const INCLUSION_NODE_VECTORS: (NodeProofVector & { size: number; index: number })[] = [
  // Errors.
  { size: 0, index: 0 },
  { size: 0, index: 1 },
  { size: 1, index: 2 },
  { size: 0, index: 3 },
  { size: 7, index: 8 },
  // Small trees.
  { size: 1, index: 0, ids: [] },
  { size: 2, index: 0, ids: [[0, 1]] },
  { size: 2, index: 1, ids: [[0, 0]] },
  {
    size: 3,
    index: 1,
    ids: [
      [0, 0],
      [0, 2],
    ],
  },
  // Tree of size 7.
  {
    size: 7,
    index: 0,
    rehash: [2, 4],
    ids: [
      [0, 1],
      [1, 1],
      [0, 6],
      [1, 2],
    ],
  },
  {
    size: 7,
    index: 1,
    rehash: [2, 4],
    ids: [
      [0, 0],
      [1, 1],
      [0, 6],
      [1, 2],
    ],
  },
  {
    size: 7,
    index: 2,
    rehash: [2, 4],
    ids: [
      [0, 3],
      [1, 0],
      [0, 6],
      [1, 2],
    ],
  },
  {
    size: 7,
    index: 3,
    rehash: [2, 4],
    ids: [
      [0, 2],
      [1, 0],
      [0, 6],
      [1, 2],
    ],
  },
  {
    size: 7,
    index: 4,
    ids: [
      [0, 5],
      [0, 6],
      [2, 0],
    ],
  },
  {
    size: 7,
    index: 5,
    ids: [
      [0, 4],
      [0, 6],
      [2, 0],
    ],
  },
  {
    size: 7,
    index: 6,
    ids: [
      [1, 2],
      [2, 0],
    ],
  },
  // Smaller trees within a bigger stored tree.
  {
    size: 4,
    index: 2,
    ids: [
      [0, 3],
      [1, 0],
    ],
  },
  {
    size: 5,
    index: 3,
    ids: [
      [0, 2],
      [1, 0],
      [0, 4],
    ],
  },
  {
    size: 6,
    index: 3,
    ids: [
      [0, 2],
      [1, 0],
      [1, 2],
    ],
  },
  {
    size: 6,
    index: 4,
    ids: [
      [0, 5],
      [2, 0],
    ],
  },
  {
    size: 7,
    index: 1,
    rehash: [2, 4],
    ids: [
      [0, 0],
      [1, 1],
      [0, 6],
      [1, 2],
    ],
  },
  {
    size: 7,
    index: 3,
    rehash: [2, 4],
    ids: [
      [0, 2],
      [1, 0],
      [0, 6],
      [1, 2],
    ],
  },
  // Some rehashes in the middle of the returned list.
  {
    size: 15,
    index: 10,
    rehash: [2, 4],
    ids: [
      [0, 11],
      [1, 4],
      [0, 14],
      [1, 6],
      [3, 0],
    ],
  },
  {
    size: 31,
    index: 24,
    rehash: [2, 4],
    ids: [
      [0, 25],
      [1, 13],
      [0, 30],
      [1, 14],
      [3, 2],
      [4, 0],
    ],
  },
  {
    size: 95,
    index: 81,
    rehash: [3, 6],
    ids: [
      [0, 80],
      [1, 41],
      [2, 21],
      [0, 94],
      [1, 46],
      [2, 22],
      [4, 4],
      [6, 0],
    ],
  },
];

export const CONSISTENCY_NODE_VECTORS: (NodeProofVector & { size1: number; size2: number })[] = [
  // Errors.
  { size1: 5, size2: 0 },
  { size1: 9, size2: 8 },

  { size1: 1, size2: 2, ids: [[0, 1]] },
  {
    size1: 1,
    size2: 4,
    ids: [
      [0, 1],
      [1, 1],
    ],
  },
  {
    size1: 1,
    size2: 6,
    ids: [
      [0, 1],
      [1, 1],
      [1, 2],
    ],
  },
  { size1: 2, size2: 3, ids: [[0, 2]] },
  {
    size1: 2,
    size2: 8,
    ids: [
      [1, 1],
      [2, 1],
    ],
  },
  {
    size1: 3,
    size2: 7,
    rehash: [3, 5],
    ids: [
      [0, 2],
      [0, 3],
      [1, 0],
      [0, 6],
      [1, 2],
    ],
  },
  {
    size1: 4,
    size2: 7,
    rehash: [0, 2],
    ids: [
      [0, 6],
      [1, 2],
    ],
  },
  {
    size1: 5,
    size2: 7,
    ids: [
      [0, 4],
      [0, 5],
      [0, 6],
      [2, 0],
    ],
  },
  {
    size1: 6,
    size2: 7,
    ids: [
      [1, 2],
      [0, 6],
      [2, 0],
    ],
  },
  {
    size1: 7,
    size2: 8,
    ids: [
      [0, 6],
      [0, 7],
      [1, 2],
      [2, 0],
    ],
  },
  // Same tree size.
  { size1: 1, size2: 1, ids: [] },
  { size1: 2, size2: 2, ids: [] },
  { size1: 3, size2: 3, ids: [] },
  { size1: 4, size2: 4, ids: [] },
  { size1: 5, size2: 5, ids: [] },
  { size1: 7, size2: 7, ids: [] },
  { size1: 8, size2: 8, ids: [] },
  // Smaller trees within a bigger stored tree.
  { size1: 2, size2: 4, ids: [[1, 1]] },
  {
    size1: 3,
    size2: 5,
    ids: [
      [0, 2],
      [0, 3],
      [1, 0],
      [0, 4],
    ],
  },
  {
    size1: 3,
    size2: 6,
    ids: [
      [0, 2],
      [0, 3],
      [1, 0],
      [1, 2],
    ],
  },
  { size1: 4, size2: 6, ids: [[1, 2]] },
  {
    size1: 1,
    size2: 7,
    rehash: [2, 4],
    ids: [
      [0, 1],
      [1, 1],
      [0, 6],
      [1, 2],
    ],
  },
  // Some rehashes in the middle of the returned list.
  {
    size1: 10,
    size2: 15,
    rehash: [2, 4],
    ids: [
      [1, 4],
      [1, 5],
      [0, 14],
      [1, 6],
      [3, 0],
    ],
  },
  {
    size1: 24,
    size2: 31,
    rehash: [1, 4],
    ids: [
      [3, 2],
      [0, 30],
      [1, 14],
      [2, 6],
      [4, 0],
    ],
  },
  {
    size1: 81,
    size2: 95,
    rehash: [4, 7],
    ids: [
      [0, 80],
      [0, 81],
      [1, 41],
      [2, 21],
      [0, 94],
      [1, 46],
      [2, 22],
      [4, 4],
      [6, 0],
    ],
  },
];

// --- testdata/: JSON probes generated by the verify_test.go recipe (hashes base64, as in the
// files; `proof: null` in the files is `[]` here). Happy paths of every probe directory and a
// sample of corruptions, each with its path and commit. ---

export interface InclusionProbeFile {
  path: string;
  commit: string;
  leafIndex: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[];
  desc: string;
  wantErr: boolean;
}

export interface ConsistencyProbeFile {
  path: string;
  commit: string;
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[];
  desc: string;
  wantErr: boolean;
}

const CD8C = 'cd8c8f80f54ec37e8bb7a997e74f7f8f68efc2d8';
const BCBA = 'bcba819ef46f73fd3aaa964f46778beab2e20d59';
const C653 = '65362ac5a212fd079e82284b91b5f87aac41b56a';

export const INCLUSION_PROBE_FILES: InclusionProbeFile[] = [
  {
    path: 'testdata/inclusion/0/happy-path.json',
    commit: CD8C,
    leafIndex: 0,
    treeSize: 1,
    root: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    leafHash: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    proof: [],
    desc: 'happy path',
    wantErr: false,
  },
  {
    path: 'testdata/inclusion/1/happy-path.json',
    commit: CD8C,
    leafIndex: 0,
    treeSize: 8,
    root: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
    leafHash: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    proof: [
      'lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=',
      'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=',
    ],
    desc: 'happy path',
    wantErr: false,
  },
  {
    path: 'testdata/inclusion/2/happy-path.json',
    commit: CD8C,
    leafIndex: 5,
    treeSize: 8,
    root: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
    leafHash: 'QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=',
    proof: [
      'vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=',
      'yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=',
      '037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=',
    ],
    desc: 'happy path',
    wantErr: false,
  },
  {
    path: 'testdata/inclusion/3/happy-path.json',
    commit: CD8C,
    leafIndex: 2,
    treeSize: 3,
    root: 'rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=',
    leafHash: 'ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=',
    proof: ['+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU='],
    desc: 'happy path',
    wantErr: false,
  },
  {
    path: 'testdata/inclusion/4/happy-path.json',
    commit: CD8C,
    leafIndex: 1,
    treeSize: 5,
    root: 'Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=',
    leafHash: 'lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=',
    proof: [
      'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
      'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=',
    ],
    desc: 'happy path',
    wantErr: false,
  },
  {
    path: 'testdata/inclusion/1/wrong-leaf.json',
    commit: CD8C,
    leafIndex: 0,
    treeSize: 8,
    root: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
    leafHash: 'V3JvbmdMZWFm',
    proof: [
      'lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=',
      'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=',
    ],
    desc: 'wrong leaf',
    wantErr: true,
  },
  {
    path: 'testdata/inclusion/1/trailing-garbage.json',
    commit: CD8C,
    leafIndex: 0,
    treeSize: 8,
    root: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
    leafHash: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    proof: [
      'lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=',
      'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=',
      '',
    ],
    desc: 'trailing garbage',
    wantErr: true,
  },
  {
    path: 'testdata/inclusion/2/inserted-component.json',
    commit: CD8C,
    leafIndex: 5,
    treeSize: 8,
    root: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
    leafHash: 'QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=',
    proof: [
      'vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=',
      'q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=',
      'yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=',
      '037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=',
    ],
    desc: 'inserted component',
    wantErr: true,
  },
  {
    path: 'testdata/inclusion/4/modified-proof[1]-bit-3.json',
    commit: CD8C,
    leafIndex: 1,
    treeSize: 5,
    root: 'Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=',
    leafHash: 'lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=',
    proof: [
      'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
      'Vwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=',
    ],
    desc: 'modified proof[1] bit 3',
    wantErr: true,
  },
];

export const CONSISTENCY_PROBE_FILES: ConsistencyProbeFile[] = [
  {
    path: 'testdata/consistency/0/happy-path.json',
    commit: CD8C,
    size1: 1,
    size2: 1,
    root1: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    root2: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    proof: [],
    desc: 'happy path',
    wantErr: false,
  },
  {
    path: 'testdata/consistency/1/happy-path.json',
    commit: CD8C,
    size1: 1,
    size2: 8,
    root1: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    root2: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
    proof: [
      'lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=',
      'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=',
    ],
    desc: 'happy path',
    wantErr: false,
  },
  {
    path: 'testdata/consistency/2/happy-path.json',
    commit: BCBA,
    size1: 6,
    size2: 8,
    root1: 'duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=',
    root2: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
    proof: [
      'DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=',
      'yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=',
      '037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=',
    ],
    desc: 'happy path',
    wantErr: false,
  },
  {
    path: 'testdata/consistency/3/happy-path.json',
    commit: C653,
    size1: 2,
    size2: 5,
    root1: '+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=',
    root2: 'Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=',
    proof: [
      'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=',
    ],
    desc: 'happy path',
    wantErr: false,
  },
  {
    path: 'testdata/consistency/4/happy-path.json',
    commit: C653,
    size1: 6,
    size2: 7,
    root1: 'duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=',
    root2: '3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=',
    proof: [
      'DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=',
      'sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=',
      '037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=',
    ],
    desc: 'happy path',
    wantErr: false,
  },
  {
    path: 'testdata/consistency/1/swapped-roots.json',
    commit: CD8C,
    size1: 1,
    size2: 8,
    root1: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
    root2: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    proof: [
      'lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=',
      'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=',
    ],
    desc: 'swapped roots',
    wantErr: true,
  },
  {
    path: 'testdata/consistency/2/modified-proof[2]-bit-4.json',
    commit: C653,
    size1: 6,
    size2: 8,
    root1: 'duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=',
    root2: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
    proof: [
      'DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=',
      'yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=',
      'w37kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=',
    ],
    desc: 'modified proof[2] bit 4',
    wantErr: true,
  },
  {
    path: 'testdata/consistency/3/preceding-proof[0].json',
    commit: CD8C,
    size1: 2,
    size2: 5,
    root1: '+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=',
    root2: 'Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=',
    proof: [
      'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=',
    ],
    desc: 'preceding proof[0]',
    wantErr: true,
  },
  {
    path: 'testdata/consistency/4/size2-div-2.json',
    commit: CD8C,
    size1: 6,
    size2: 3,
    root1: 'duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=',
    root2: '3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=',
    proof: [
      'DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=',
      'sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=',
      '037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=',
    ],
    desc: 'size2 div 2',
    wantErr: true,
  },
];
