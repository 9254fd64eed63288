/**
 * The desktop's lazily loaded part (dist/lens.js): the lens, with local `file:` URIs streamed from
 * disk by Node fs and large line-format files read on worker threads (everything else goes through
 * workspace.fs, on the host's thread, as on the web), and the database
 * command with its engines (their packages are required only when it runs).
 */
import { prepareDatabaseSession } from '../databaseCommand';
import { useDatabaseCommand } from '../databaseEngines';
import { useLocalFileStreamer } from '../fileSource';
import { useLocalSplitter } from '../fileSplit';
import { nodeDatabaseEngines } from './databaseEngines';
import { readLocalRange, streamLocalFile } from './localStream';
import { splitLocalFile } from './splitLocalFile';

useLocalFileStreamer(streamLocalFile, readLocalRange);
useLocalSplitter(splitLocalFile);
useDatabaseCommand((editor, ctx) => prepareDatabaseSession(editor, ctx, nodeDatabaseEngines));

export { openSample, startLens } from '../startLens';
