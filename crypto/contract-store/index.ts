/** A vehicle's contract store: in memory or in a folder. */
export { memoryContractStore, type ContractStore, type StoredContract } from './contract-store.js';
export { CONTRACT_CHAIN_FILE, CONTRACT_KEY_FILE, fileContractStore } from './file-contract-store.js';
