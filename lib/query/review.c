/* SPDX-License-Identifier: MIT */
/*
 * review.c - the report object of cls.h: its kind and years, the
 * contracts added to it one by one, and what it keeps of each.  An
 * annual review or an evaluation keeps its one contract's figures of
 * every year (borrowing the contract) and each fiche's trajectory; a
 * synthesis computes those for each contract in turn, keeps copies of its
 * summary figures and adds them to the sums, then lets them go, so that
 * its memory does not grow with the contracts' fiches.
 */
#include "query.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct cls_report {
	cls_report_options opts; /* its kind never CLS_REPORT_AUTO */
	size_t nyears;
	arena *a; /* what is kept of the contracts */
	/* the annual review and the evaluation: the contract's years */
	cls_report_year *years;
	cls_report_span span;
	bool has_span;
	cls_report_contract *contracts;
	size_t n;
	clsi_region region;
};

cls_report *cls_report_new(const cls_report_options *opts, cls_error *err)
{
	if (opts->from < 1 || opts->to < opts->from) {
		clsi_seterr(err, _("%d-%d is not a span of years"), opts->from,
		    opts->to);
		return NULL;
	}
	if (opts->kind == CLS_REPORT_ANNUAL && opts->from != opts->to) {
		clsi_seterr(err,
		    _("an annual review is of one year, not of %d-%d"),
		    opts->from, opts->to);
		return NULL;
	}
	cls_report *r = calloc(1, sizeof(*r));
	if (!r || !(r->a = clsi_arena_new())) {
		free(r);
		clsi_seterr(err, _("out of memory"));
		return NULL;
	}
	r->opts = *opts;
	if (r->opts.kind == CLS_REPORT_AUTO)
		r->opts.kind = CLS_REPORT_SYNTHESIS;
	r->nyears = (size_t)(opts->to - opts->from) + 1;
	if (clsi_region_init(&r->region, r->a, r->nyears)) {
		cls_report_free(r);
		clsi_seterr(err, _("out of memory"));
		return NULL;
	}
	return r;
}

/* The years of an evaluation built beside the caller: each thread takes
 * the next year not yet taken. */
typedef struct year_jobs {
	const cls_contract *c;
	cls_report_year *v;
	size_t n;
	int from;
	atomic_size_t next;
	atomic_bool failed;
} year_jobs;

static void build_some_years(void *arg, size_t thread)
{
	(void)thread; /* each takes the next year not yet taken */
	year_jobs *yj = arg;
	for (size_t k; (k = atomic_fetch_add(&yj->next, 1)) < yj->n;)
		if (clsi_report_year_build_like(
		        &yj->v[k], yj->c, yj->from + (int)k, &yj->v[0]))
			atomic_store(&yj->failed, true);
}

/* a year of fewer fiches than this is built faster than a thread starts */
enum { FICHES_PER_THREAD = 64 };

/* The figures of every year and the trajectories of contract c, into
 * *years and *s: the first year, then the others (which borrow its sums
 * of the whole contract) in as many threads as pay.  Returns 0, or -1
 * when out of memory (then both are released). */
static int build_years(const cls_report *r, const cls_contract *c,
    cls_report_year **years, cls_report_span *s)
{
	cls_report_year *v = calloc(r->nyears, sizeof(*v));
	int rc = v ? 0 : -1;
	if (v && clsi_report_year_build_like(&v[0], c, r->opts.from, NULL))
		rc = -1;
	if (rc == 0 && r->nyears > 1) {
		year_jobs yj = {.c = c,
		    .v = v,
		    .n = r->nyears,
		    .from = r->opts.from,
		    .next = 1};
		const cls_plan *p = cls_contract_plan(c);
		size_t nt = p->fiche_count < FICHES_PER_THREAD
		    ? 1
		    : clsi_threads_for(r->nyears - 1, 1);
		clsi_run_threads(nt, build_some_years, &yj);
		if (atomic_load(&yj.failed))
			rc = -1;
	}
	if (rc == 0)
		rc = clsi_span_build(s, v, r->nyears);
	if (rc) {
		clsi_span_free(s);
		for (size_t k = 0; v && k < r->nyears; k++)
			clsi_report_year_free(&v[k]);
		free(v);
		v = NULL;
	}
	*years = v;
	return rc;
}

static void free_years(cls_report_year *v, size_t n, cls_report_span *s)
{
	clsi_span_free(s);
	for (size_t k = 0; v && k < n; k++)
		clsi_report_year_free(&v[k]);
	free(v);
}

int cls_report_add(
    cls_report *r, const cls_contract *c, const char *label, cls_error *err)
{
	const cls_plan *p = cls_contract_plan(c);
	bool synthesis = r->opts.kind == CLS_REPORT_SYNTHESIS;
	bool covered = p && p->debut && p->fin && p->debut <= r->opts.from
	    && r->opts.to <= p->fin;
	if (!synthesis && r->n) {
		clsi_seterr(err,
		    _("an annual review or an evaluation is of one "
		      "contract"));
		return -1;
	}
	if (!synthesis && !covered) {
		if (p && p->debut && p->fin)
			clsi_seterr(err,
			    _("%d-%d is outside the contract's periode %d-%d"),
			    r->opts.from, r->opts.to, p->debut, p->fin);
		else
			clsi_seterr(
			    err, _("the contract's periode is unknown"));
		return -1;
	}
	cls_report_contract *v = clsi_grow(r->contracts, r->n, sizeof(*v));
	if (!v)
		goto oom;
	r->contracts = v;
	cls_report_year *years = NULL;
	cls_report_span s;
	memset(&s, 0, sizeof(s));
	if (covered && build_years(r, c, &years, &s))
		goto oom;
	if (clsi_contract_keep(r->a, &v[r->n], c, label, covered ? &s : NULL,
	        r->nyears, r->opts.from)
	    || clsi_region_add(
	        &r->region, &v[r->n], covered ? p : NULL, r->n)) {
		free_years(years, r->nyears, &s);
		goto oom;
	}
	r->n++;
	if (synthesis) {
		free_years(years, r->nyears, &s);
	} else {
		r->years = years;
		r->span = s;
		r->has_span = true;
	}
	return 0;
oom:
	clsi_seterr(err, _("out of memory"));
	return -1;
}

cls_report *cls_report_build(const cls_contract *const *cs, size_t n,
    const cls_report_options *opts, cls_error *err)
{
	cls_report_options o = *opts;
	if (o.kind == CLS_REPORT_AUTO)
		o.kind = n != 1      ? CLS_REPORT_SYNTHESIS
		    : o.from == o.to ? CLS_REPORT_ANNUAL
		                     : CLS_REPORT_EVALUATION;
	cls_report *r = cls_report_new(&o, err);
	for (size_t i = 0; r && i < n; i++)
		if (cls_report_add(r, cs[i], NULL, err)) {
			cls_report_free(r);
			return NULL;
		}
	if (r && o.kind != CLS_REPORT_SYNTHESIS && !r->n) {
		clsi_seterr(err,
		    _("an annual review or an evaluation is of one "
		      "contract"));
		cls_report_free(r);
		return NULL;
	}
	return r;
}

void cls_report_free(cls_report *r)
{
	if (!r)
		return;
	free_years(r->years, r->nyears, &r->span);
	clsi_region_release(&r->region);
	free(r->contracts);
	clsi_arena_free(r->a);
	free(r);
}

cls_report_kind cls_report_kind_of(const cls_report *r)
{
	return r->opts.kind;
}

size_t cls_report_contracts(const cls_report *r)
{
	return r->n;
}

int cls_report_from(const cls_report *r)
{
	return r->opts.from;
}

int cls_report_to(const cls_report *r)
{
	return r->opts.to;
}

const cls_report_year *cls_report_year_of(
    const cls_report *r, size_t i, int year)
{
	if (!r->years || i != 0 || year < r->opts.from || year > r->opts.to)
		return NULL;
	return &r->years[year - r->opts.from];
}

const cls_report_span *cls_report_span_of(const cls_report *r)
{
	return r->has_span ? &r->span : NULL;
}

const cls_report_contract *cls_report_contract_of(const cls_report *r, size_t i)
{
	return i < r->n ? &r->contracts[i] : NULL;
}

const cls_report_region *cls_report_region_of(const cls_report *r)
{
	return &r->region.pub;
}
