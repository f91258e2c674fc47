/** Vite's `?url` imports: the built file's URL (the PDF.js worker ships as a file of the app). */
declare module '*?url' {
  const url: string;
  export default url;
}
