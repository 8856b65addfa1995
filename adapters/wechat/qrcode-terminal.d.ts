// qrcode-terminal 0.12 ships no types; the part main.ts uses.
declare module 'qrcode-terminal' {
  interface QrcodeTerminal {
    generate(text: string, options?: { small?: boolean }, callback?: (qrcode: string) => void): void;
    setErrorLevel(level: 'L' | 'M' | 'Q' | 'H'): void;
  }
  const qrcode: QrcodeTerminal;
  export default qrcode;
}
