import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canPinFolders, openFolderBeneath, pathInside, SymbolicLinkRefused } from './open-folder-beneath.js';

let rootDir: string;
let outside: string;

beforeEach(async () => {
  rootDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-beneath-'));
  outside = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-outside-'));
});

afterEach(async () => {
  await fs.rm(rootDir, { recursive: true, force: true });
  await fs.rm(outside, { recursive: true, force: true });
});

const pinsFolders = await canPinFolders();

describe.each([
  { mode: 'through pinned handles', pin: true },
  { mode: 'by lstat of each segment', pin: false },
])('openFolderBeneath $mode', ({ pin }) => {
  if (pin && !pinsFolders) {
    it.skip('[SKIPPED: this platform has no /proc/self/fd that leads into open folders]', () => {});
    return;
  }

  it('creates missing folders and writes inside them', async () => {
    const folder = await openFolderBeneath(rootDir, ['runs', 'r1'], { create: true, pin });
    try {
      expect(folder.isPinned).toBe(pin);
      await fs.writeFile(pathInside(folder, 'model.bin'), 'inside');
    } finally {
      await folder.close();
    }
    expect(await fs.readFile(path.join(rootDir, 'runs', 'r1', 'model.bin'), 'utf8')).toBe('inside');
  });

  it('refuses a link on the way and names it', async () => {
    await fs.mkdir(path.join(rootDir, 'runs'));
    await fs.symlink(outside, path.join(rootDir, 'runs', 'r1'));
    const error = await openFolderBeneath(rootDir, ['runs', 'r1', 'deeper'], { create: true, pin }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(SymbolicLinkRefused);
    expect((error as SymbolicLinkRefused).linkPath).toBe(path.join(rootDir, 'runs', 'r1'));
    expect(await fs.readdir(outside)).toEqual([]);
  });

  it('reports a missing folder as ENOENT and a file in the way as ENOTDIR', async () => {
    await expect(openFolderBeneath(rootDir, ['missing'], { create: false, pin })).rejects.toMatchObject({ code: 'ENOENT' });
    await fs.writeFile(path.join(rootDir, 'file'), 'x');
    await expect(openFolderBeneath(rootDir, ['file'], { create: false, pin })).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('follows a root that is itself a link: that is the folder the user configured', async () => {
    const linkedRoot = path.join(outside, 'root-link');
    await fs.symlink(rootDir, linkedRoot);
    const folder = await openFolderBeneath(linkedRoot, ['runs'], { create: true, pin });
    await folder.close();
    expect((await fs.stat(path.join(rootDir, 'runs'))).isDirectory()).toBe(true);
  });
});

describe.runIf(pinsFolders)('openFolderBeneath through pinned handles under a race', () => {
  it('never writes outside the root while a folder is swapped for a link over and over', async () => {
    const folderPath = path.join(rootDir, 'a');
    const parked = path.join(rootDir, 'a-parked');
    await fs.mkdir(folderPath);
    let isRacing = true;
    // Swaps 'a' between the real folder and a link to `outside` as fast as the file system allows.
    const swapper = (async () => {
      while (isRacing) {
        await fs.rename(folderPath, parked);
        await fs.symlink(outside, folderPath);
        await new Promise((resolve) => setImmediate(resolve));
        await fs.unlink(folderPath);
        await fs.rename(parked, folderPath);
      }
    })();
    let written = 0;
    try {
      for (let attempt = 0; attempt < 2000; attempt++) {
        let folder;
        try {
          folder = await openFolderBeneath(rootDir, ['a'], { create: false, pin: true });
        } catch (error) {
          // Refused: a link at that instant (ENOTDIR when the link is gone again before it could be named).
          if (error instanceof SymbolicLinkRefused || ['ENOENT', 'ENOTDIR'].includes((error as { code?: string }).code ?? '')) continue;
          throw error;
        }
        try {
          await new Promise((resolve) => setImmediate(resolve));
          await fs.writeFile(pathInside(folder, `file-${attempt}`), 'x');
          written += 1;
        } finally {
          await folder.close();
        }
      }
    } finally {
      isRacing = false;
      await swapper;
    }
    expect(written).toBeGreaterThan(0);
    expect(await fs.readdir(outside)).toEqual([]);
  });
});
