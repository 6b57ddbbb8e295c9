// Every mutation name mapped to the function that applies it.
import { MutationName, type MutationArgs } from '../../../src/protocol/mutations.js';
import type { MutationContext, MutationEffect } from '../MutationContext.js';
import { attachmentAdd } from './attachmentAdd.js';
import { attachmentRemove } from './attachmentRemove.js';
import { entryDelete } from './entryDelete.js';
import { entryPut } from './entryPut.js';
import { entryResolve } from './entryResolve.js';
import { entryRestore } from './entryRestore.js';
import { notebookCreate, notebookDelete, notebookRename } from './notebookMutators.js';

type Mutator<N extends MutationName> = (
  context: MutationContext,
  args: MutationArgs<N>,
) => Promise<MutationEffect | undefined>;

export const mutators: { [N in MutationName]: Mutator<N> } = {
  [MutationName.NotebookCreate]: notebookCreate,
  [MutationName.NotebookRename]: notebookRename,
  [MutationName.NotebookDelete]: notebookDelete,
  [MutationName.EntryPut]: entryPut,
  [MutationName.EntryDelete]: entryDelete,
  [MutationName.EntryResolve]: entryResolve,
  [MutationName.EntryRestore]: entryRestore,
  [MutationName.AttachmentAdd]: attachmentAdd,
  [MutationName.AttachmentRemove]: attachmentRemove,
};
