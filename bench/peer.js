// SPDX-License-Identifier: MIT
// peer.js - the second peer: what a web-minded user would write instead of
// cls, for bench.sh to time cls against.  Every file of every contract is
// read with js-yaml (its YAML 1.2 core schema, as cls types scalars) and
// checked with Ajv against the project's own JSON Schemas
// (schema/cls.schema.json for cls.yaml, schema/fiche.schema.json for each
// fiche), each schema compiled once.  No rule beyond the schemas: less
// than cls checks, so the ratio flatters the peer.
//
//     node bench/peer.js DIR...
//
// js-yaml and ajv are looked up in $PEER_NODE_MODULES (bench.sh installs
// them there from the npm registry), then where Node looks.  Prints one
// line per file that does not match (file: the first errors), then "N
// files checked: E errors"; exits 1 when a file does not match, 2 when
// the packages are missing or a folder cannot be read.
'use strict';
const fs = require('fs');
const path = require('path');

function need(name) {
	const dir = process.env.PEER_NODE_MODULES;
	try {
		return require(dir ? path.join(dir, name) : name);
	} catch (e) {
		if (dir) {
			try {
				return require(name);
			} catch (e2) { /* said below */ }
		}
		console.error(`peer.js: cannot load ${name}: npm install ${name}`);
		process.exit(2);
	}
}

const yaml = need('js-yaml');
const Ajv = need('ajv');

const top = path.join(__dirname, '..');
const ajv = new Ajv({allErrors: true, strict: false});
const schema = (f) =>
	ajv.compile(JSON.parse(fs.readFileSync(path.join(top, 'schema', f), 'utf8')));
const checkContract = schema('cls.schema.json');
const checkFiche = schema('fiche.schema.json');

// The files of a contract: cls.yaml, then fiches/**/*.yaml|yml in order.
function fichesOf(dir, out) {
	for (const e of fs.readdirSync(dir, {withFileTypes: true}).sort(
		     (a, b) => (a.name < b.name ? -1 : a.name > b.name))) {
		const p = path.join(dir, e.name);
		if (e.isDirectory())
			fichesOf(p, out);
		else if (/\.ya?ml$/.test(e.name))
			out.push(p);
	}
	return out;
}

let files = 0, errors = 0;
function check(file, validate) {
	files++;
	let doc;
	try {
		doc = yaml.load(fs.readFileSync(file, 'utf8'),
		    {schema: yaml.CORE_SCHEMA, filename: file});
	} catch (e) {
		errors++;
		console.log(`${file}: ${e.message.split('\n')[0]}`);
		return;
	}
	if (!validate(doc)) {
		errors += validate.errors.length;
		console.log(`${file}: ${validate.errors.slice(0, 3)
			.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
	}
}

const dirs = process.argv.slice(2);
if (!dirs.length) {
	console.error('usage: node bench/peer.js DIR...');
	process.exit(2);
}
for (const d of dirs) {
	try {
		check(path.join(d, 'cls.yaml'), checkContract);
		const f = path.join(d, 'fiches');
		for (const p of fs.existsSync(f) ? fichesOf(f, []) : [])
			check(p, checkFiche);
	} catch (e) {
		console.error(`peer.js: ${d}: ${e.message}`);
		process.exit(2);
	}
}
console.log(`${files} files checked: ${errors} errors`);
process.exit(errors ? 1 : 0);
