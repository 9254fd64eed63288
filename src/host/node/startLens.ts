/**
 * The desktop's lazily loaded part (dist/lens.js): the lens, with local `file:` URIs streamed from
 * disk by Node fs (everything else goes through workspace.fs, as on the web), and the database
 * command with its engines (their packages are required only when it runs).
 */
import { prepareDatabaseSession } from '../databaseCommand';
import { useDatabaseCommand } from '../databaseEngines';
import { useLocalFileStreamer } from '../fileSource';
import { nodeDatabaseEngines } from './databaseEngines';
import { readLocalRange, streamLocalFile } from './localStream';

useLocalFileStreamer(streamLocalFile, readLocalRange);
useDatabaseCommand((editor, ctx) => prepareDatabaseSession(editor, ctx, nodeDatabaseEngines));

export { openSample, startLens } from '../startLens';
