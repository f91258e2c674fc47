/**
 * Generates the demo catalog's media once, to be committed: PDF handouts (printed by
 * Chromium), narrated audio (espeak-ng, AAC) and short narrated videos (ffmpeg, VP9/Opus).
 * Afterwards it writes each audio/video lesson's real duration back into catalog.json.
 *
 *   node scripts/demo-media/make-demo-media.ts [--force] [--handouts-only]
 *
 * --handouts-only redraws just the PDF handouts (Chromium only; no espeak-ng or ffmpeg needed).
 *
 * Needs Debian's chromium, ffmpeg, espeak-ng and fonts-wqy-zenhei. Not part of the build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { catalogSourceSchema, type CourseSource } from '../../common/catalog/catalog-source.ts';

const catalogDir = join(import.meta.dirname, '../../resources/demo-catalog');
const catalogPath = join(catalogDir, 'catalog.json');
const force = process.argv.includes('--force');
const handoutsOnly = process.argv.includes('--handouts-only');
const catalog = catalogSourceSchema.parse(JSON.parse(readFileSync(catalogPath, 'utf8')));
const work = mkdtempSync(join(tmpdir(), 'zhiku-media-'));
const FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';

type Lesson = CourseSource['sections'][number]['lessons'][number];

function narration(course: CourseSource, lesson: Lesson): string {
  const lang = course.language;
  return `${course.title[lang]}。${lesson.title[lang]}。${course.description[lang]}`;
}

function speak(text: string, language: CourseSource['language'], wavPath: string): void {
  execFileSync('espeak-ng', ['-v', language === 'zh-CN' ? 'cmn' : 'en-us', '-s', '150', '-w', wavPath, text]);
}

function durationOf(path: string): number {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration',
    '-of',
    'csv=p=0',
    path,
  ]).toString();
  return Math.max(1, Math.round(Number(out.trim())));
}

function escapeDrawtext(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/:/g, '\\:').replace(/'/g, '’').replace(/%/g, '\\%');
}

function makeAudio(course: CourseSource, lesson: Lesson, out: string): void {
  const wav = join(work, `${lesson.id}.wav`);
  speak(narration(course, lesson), course.language, wav);
  execFileSync('ffmpeg', [
    '-y',
    '-loglevel',
    'error',
    '-i',
    wav,
    '-ac',
    '1',
    '-c:a',
    'aac',
    '-b:a',
    '48k',
    '-movflags',
    '+faststart',
    out,
  ]);
}

function makeVideo(course: CourseSource, lesson: Lesson, out: string): void {
  const wav = join(work, `${lesson.id}.wav`);
  speak(narration(course, lesson), course.language, wav);
  const seconds = Math.max(8, durationOf(wav) + 1);
  const lang = course.language;
  const title = escapeDrawtext(lesson.title[lang]);
  const subtitle = escapeDrawtext(course.title[lang]);
  const filter = [
    `drawbox=x=0:y=0:w=iw:h=ih:color=0x1f2328@1:t=fill`,
    `drawbox=x=0:y=ih-8:w=iw*t/${seconds}:h=8:color=0xe0775a@1:t=fill`,
    `drawtext=fontfile=${FONT}:text='${subtitle}':fontcolor=0xa3a9b3:fontsize=22:x=48:y=120`,
    `drawtext=fontfile=${FONT}:text='${title}':fontcolor=white:fontsize=40:x=48:y=160`,
    `drawtext=fontfile=${FONT}:text='Zhiku 知库':fontcolor=0xe0775a:fontsize=20:x=48:y=300`,
  ].join(',');
  execFileSync('ffmpeg', [
    '-y',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `color=c=black:s=640x360:r=15:d=${seconds}`,
    '-i',
    wav,
    '-vf',
    filter,
    '-c:v',
    'libvpx-vp9',
    '-b:v',
    '0',
    '-crf',
    '45',
    '-row-mt',
    '1',
    '-deadline',
    'good',
    '-cpu-used',
    '4',
    '-c:a',
    'libopus',
    '-b:a',
    '32k',
    '-ac',
    '1',
    '-t',
    String(seconds),
    out,
  ]);
}

function handoutHtml(course: CourseSource, lesson: Lesson): string {
  const lang = course.language;
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const outline = course.sections
    .map(
      (s) =>
        `<h2>${escape(s.title[lang])}</h2><ol>${s.lessons.map((l) => `<li>${escape(l.title[lang])}</li>`).join('')}</ol>`,
    )
    .join('');
  return `<!doctype html><html lang="${lang}"><meta charset="utf-8"><style>
    body{font-family:'WenQuanYi Zen Hei',sans-serif;margin:48px;color:#1f2328;line-height:1.7}
    header{border-bottom:3px solid #b5482a;margin-bottom:24px} h1{font-size:26px;margin:0 0 8px}
    .course{color:#5f6670} h2{font-size:17px;margin-top:24px} footer{margin-top:48px;color:#8a8f98;font-size:12px}
  </style><header><div class="course">${escape(course.title[lang])}</div><h1>${escape(lesson.title[lang])}</h1></header>
  <p>${escape(course.description[lang])}</p><p>${escape(course.subtitle[lang])}</p>${outline}
  <footer>知库 Zhiku · ${escape(course.title[lang])}</footer></html>`;
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  for (const course of catalog.courses) {
    for (const lesson of course.sections.flatMap((s) => s.lessons)) {
      const out = join(catalogDir, lesson.file);
      if (lesson.kind === 'text' || (handoutsOnly && lesson.kind !== 'pdf')) continue;
      if (existsSync(out) && !force && !handoutsOnly) continue;
      if (lesson.kind === 'pdf') {
        await page.setContent(handoutHtml(course, lesson));
        await page.pdf({ path: out, format: 'A4', printBackground: true });
      } else if (lesson.kind === 'audio') makeAudio(course, lesson, out);
      else makeVideo(course, lesson, out);
      process.stdout.write(`made ${lesson.file}\n`);
    }
  }
  await browser.close();
  if (handoutsOnly) return void rmSync(work, { recursive: true, force: true });

  const raw = JSON.parse(readFileSync(catalogPath, 'utf8')) as { courses: CourseSource[] };
  for (const lesson of raw.courses.flatMap((c) => c.sections.flatMap((s) => s.lessons))) {
    if (lesson.kind === 'audio' || lesson.kind === 'video')
      lesson.durationSeconds = durationOf(join(catalogDir, lesson.file));
  }
  writeFileSync(catalogPath, `${JSON.stringify(raw, null, 2)}\n`);
  rmSync(work, { recursive: true, force: true });
}

await main();
