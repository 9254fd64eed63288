/**
 * The desktop's lazily loaded part (dist/lens.js): the lens, with local `file:` URIs streamed from
 * disk by Node fs (everything else goes through workspace.fs, as on the web).
 */
import { useLocalFileStreamer } from '../fileSource';
import { readLocalRange, streamLocalFile } from './localStream';

useLocalFileStreamer(streamLocalFile, readLocalRange);

export { openSample, startLens } from '../startLens';
