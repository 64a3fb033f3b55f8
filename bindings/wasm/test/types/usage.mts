// Type-checked (not run) by tarball.test.mjs against the installed package's
// declarations: every export, used as the README shows.
import {
  ANY,
  BlockView,
  DEFAULT_MAX_OUTPUT_BYTES,
  Document,
  EditError,
  Editor,
  ExpansionLimitError,
  InvalidBlockError,
  init,
  initFind,
  initFindSync,
  initSync,
  parse,
  reset,
  serialize,
  walk,
  wasmMemoryBytes,
  type ParsedBlock,
  type WalkEntry,
} from 'gutenberg-post-parser';

await init();
initSync(new Uint8Array());
const post = '<!-- wp:paragraph {"align":"center"} --><p>Hi</p><!-- /wp:paragraph -->';
const blocks: ParsedBlock[] = parse(post, { maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES });
parse(post, { maxOutputBytes: null });
const name: string | null = blocks[0].blockName;
const align = blocks[0].attrs?.align;
const html: string = blocks[0].innerHTML;
const content: Array<string | null> = blocks[0].innerContent;
for (const entry of walk(post) satisfies WalkEntry[]) {
  const text: string = post.slice(...entry.span);
  const opener: string | undefined = entry.opener ? post.slice(...entry.opener) : undefined;
  console.log(entry.depth, text, opener, entry.isVoid, entry.closer?.[0]);
}
const markup: string = serialize(blocks);
serialize([{ blockName: 'core/image', attrs: { id: 1 }, innerBlocks: [], innerContent: [] }]);
try {
  parse(post);
} catch (error) {
  if (error instanceof ExpansionLimitError) console.log(error.outputBytes, error.limit);
  if (error instanceof InvalidBlockError) console.log(error.block, error.path);
}
reset();
const bytes: number = wasmMemoryBytes();
console.log(name, align, html, content, markup, bytes);

await initFind();
initFindSync(new Uint8Array());
const doc = new Document('<!-- wp:image {"id":42,"url":"http://old.example/a.jpg"} /-->');
const views: BlockView[] = doc.find('core/image', { id: 42, url: ANY });
const [image] = doc.find();
const editor: Editor = doc.edit();
try {
  editor.setAttrs(image, { ...image.attrs, url: 'https://new.example/a.jpg' });
  editor.replace(image, '<!-- wp:image /-->');
} catch (error) {
  if (error instanceof EditError) console.log(error.message);
}
editor.replaceInnerHTML(image, '<img/>');
editor.insertBefore(image, '<p>a</p>');
editor.insertAfter(image, '<p>b</p>');
editor.remove(image);
const edited: string = editor.text();
const span: [number, number] = image.span;
const parent: BlockView | null = image.parent;
const same: Document = image.document;
console.log(views.length, edited, span, parent?.name, image.depth, image.innerHTML, image.id, editor.size, same.text);
editor.free();
doc.free();
