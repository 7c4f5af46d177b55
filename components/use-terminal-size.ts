import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

export interface Size {
  readonly cols: number;
  readonly rows: number;
}

/**
 * The size to lay out at: fixed `cols`/`rows` when given (recordings keep their geometry whatever
 * the real terminal is), else the terminal's, following 'resize'.
 */
export function useTerminalSize(fixedCols?: number, fixedRows?: number): Size {
  const {stdout} = useStdout();
  const read = (): Size => ({cols: fixedCols ?? stdout.columns ?? 80, rows: fixedRows ?? stdout.rows ?? 24});
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => {
      const next = read();
      setSize((prev) => (prev.cols === next.cols && prev.rows === next.rows ? prev : next));
    };
    onResize();
    if (fixedCols !== undefined && fixedRows !== undefined) return undefined;
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixedCols, fixedRows]);
  return size;
}
