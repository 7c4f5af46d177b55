/**
 * Ink's Output.get(), rebuilt (see ink-patches.js, which puts it in place of the original after
 * checking the original's SHA-256): the same rows, but each built only when its fragments were not
 * seen before, and a painted row without a grid of cells.
 */

/** Output.get(), rebuilt: the same grid, but only for rows whose fragments were not seen before. */
export const OUTPUT_GET = `    get() {
        // Rows as strings, by their fragments: shared by every frame of this width.
        if (__aswapRows.width !== this.width) {
            __aswapRows.width = this.width;
            __aswapRows.map.clear();
            __aswapRows.painted.clear();
        }
        const rowCache = __aswapRows.map;
        // A row that is one fragment from the first column is keyed by its text alone.
        const paintedCache = __aswapRows.painted;
        // Pass 1: what lands on each row, exactly as the original puts it into the grid.
        const fragments = [];
        for (let y = 0; y < this.height; y++) {
            fragments.push([]);
        }
        const clips = [];
        const linesNow = new Map();
        for (const operation of this.operations) {
            if (operation.type === 'clip') {
                clips.push(operation.clip);
            }
            if (operation.type === 'unclip') {
                clips.pop();
            }
            if (operation.type === 'write') {
                const { text, transformers } = operation;
                let { x, y } = operation;
                // The lines of a text drawn in the frame before are that frame's strings, whose
                // hashes the row caches below already know (a block that did not change is the
                // same string from React to here).
                let lines = linesNow.get(text) ?? __aswapRows.lines.get(text);
                if (lines === undefined) {
                    lines = text.split('\\n');
                }
                linesNow.set(text, lines);
                const clip = clips.at(-1);
                if (clip) {
                    const clipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
                    const clipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
                    if (clipHorizontally) {
                        const width = this.caches.getWidestLine(text);
                        if (x + width < clip.x1 || x > clip.x2) {
                            continue;
                        }
                    }
                    if (clipVertically) {
                        const height = lines.length;
                        if (y + height < clip.y1 || y > clip.y2) {
                            continue;
                        }
                    }
                    if (clipHorizontally) {
                        lines = lines.map(line => {
                            const from = x < clip.x1 ? clip.x1 - x : 0;
                            const width = this.caches.getStringWidth(line);
                            const to = x + width > clip.x2 ? clip.x2 - x : width;
                            return sliceAnsi(line, from, to);
                        });
                        if (x < clip.x1) {
                            x = clip.x1;
                        }
                    }
                    if (clipVertically) {
                        const from = y < clip.y1 ? clip.y1 - y : 0;
                        const height = lines.length;
                        const to = y + height > clip.y2 ? clip.y2 - y : height;
                        lines = lines.slice(from, to);
                        if (y < clip.y1) {
                            y = clip.y1;
                        }
                    }
                }
                let offsetY = 0;
                for (let index = 0; index < lines.length; index++) {
                    let line = lines[index];
                    const row = fragments[y + offsetY];
                    // As in the original: a missing row skips this line and every later one.
                    if (!row) {
                        continue;
                    }
                    for (const transformer of transformers) {
                        line = transformer(line, index);
                    }
                    row.push(x, line);
                    offsetY++;
                }
            }
        }
        // Pass 2: each row from the cache, or built cell by cell as the original does.
        const rows = [];
        for (let y = 0; y < this.height; y++) {
            const row = fragments[y];
            const single = row.length === 2 && row[0] === 0;
            let key = '';
            if (single) {
                key = row[1];
            }
            else {
                for (let i = 0; i < row.length; i += 2) {
                    key += row[i] + '\\u0000' + row[i + 1] + '\\u0001';
                }
            }
            let generated = single ? paintedCache.get(key) : rowCache.get(key);
            if (generated === undefined && single) {
                // One fragment from the first column whose characters are one cell each, no more
                // than fit: the cells are its characters then blanks, and the blanks only close
                // the last style before being trimmed, as the end of the characters does. A row
                // of one-cell graphemes and SGR sequences only (a painted row) is converted
                // directly (scripts/ink-painted-row.js), others through their styled characters.
                generated = __aswapPaintedRow(key, this.width);
                if (generated === undefined) {
                    const characters = this.caches.getStyledChars(key);
                    if (characters.length <= this.width && characters.every(character => this.caches.getStringWidth(character.value) <= 1)) {
                        generated = styledCharsToString(characters).trimEnd();
                    }
                }
                if (generated !== undefined) {
                    paintedCache.set(key, generated);
                }
            }
            if (generated === undefined) {
                const currentLine = [];
                for (let x = 0; x < this.width; x++) {
                    currentLine.push({
                        type: 'char',
                        value: ' ',
                        fullWidth: false,
                        styles: __aswapNoStyles,
                    });
                }
                for (let i = 0; i < row.length; i += 2) {
                    const characters = this.caches.getStyledChars(row[i + 1]);
                    let offsetX = row[i];
                    for (const character of characters) {
                        currentLine[offsetX] = character;
                        const characterWidth = Math.max(1, this.caches.getStringWidth(character.value));
                        if (characterWidth > 1) {
                            for (let index = 1; index < characterWidth; index++) {
                                currentLine[offsetX + index] = {
                                    type: 'char',
                                    value: '',
                                    fullWidth: false,
                                    styles: character.styles,
                                };
                            }
                        }
                        offsetX += characterWidth;
                    }
                }
                // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
                const lineWithoutEmptyItems = currentLine.filter(item => item !== undefined);
                generated = styledCharsToString(lineWithoutEmptyItems).trimEnd();
                (single ? paintedCache : rowCache).set(key, generated);
            }
            rows.push(generated);
        }
        __aswapRows.lines = linesNow;
        return {
            output: rows.join('\\n'),
            height: this.height,
        };
    }`;
