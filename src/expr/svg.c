/* svg.c: ECDF and landscape plots written as plain SVG (no dependencies). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "expr/svg.h"

/* Plot area inside a panel: margins for axes, title and a note under the
 * axis; the legend column (SSC_SVG_LEGEND_W) lies right of MR. */
#define ML 64
#define MR 16
#define MT 56
#define MB 64
#define PLOT_W (SSC_SVG_PANEL_W - ML - MR - SSC_SVG_LEGEND_W)
#define PLOT_H (SSC_SVG_PANEL_H - MT - MB)

/* Okabe & Ito (2008), "Color universal design": distinct for the common
 * colour-vision deficiencies; black is the reference curve, yellow comes last
 * (faint on white). */
static const char *const COLOURS[] = { "#D55E00", "#0072B2", "#009E73", "#E69F00", "#CC79A7",
                                       "#56B4E9", "#F0E442" };
#define NCOL ((int)(sizeof COLOURS / sizeof COLOURS[0]))

int ssc_svg_escape(kstring_t *s, const char *text)
{
    int r = 0;
    for (; *text && r >= 0; text++) {
        switch (*text) {
        case '&': r = kputs("&amp;", s); break;
        case '<': r = kputs("&lt;", s); break;
        case '>': r = kputs("&gt;", s); break;
        case '"': r = kputs("&quot;", s); break;
        default: r = kputc(*text, s);
        }
    }
    return r < 0 ? SSC_ENOMEM : 0;
}

int ssc_svg_begin(kstring_t *s, int width, int height)
{
    int r = ksprintf(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" "
                        "font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                     width, height, width, height);
    return r < 0 ? SSC_ENOMEM : 0;
}

int ssc_svg_end(kstring_t *s)
{
    return kputs("</svg>\n", s) < 0 ? SSC_ENOMEM : 0;
}

/* ---- axes ---- */

typedef struct {
    double x0, x1, y0, y1; /* data range */
    int px, py, pw, ph;    /* plot rectangle in px */
} frame_t;

static double fx(const frame_t *f, double x) { return f->px + (x - f->x0) / (f->x1 - f->x0) * f->pw; }
static double fy(const frame_t *f, double y) { return f->py + f->ph - (y - f->y0) / (f->y1 - f->y0) * f->ph; }

/* A "nice" tick step giving about n ticks over the range. */
static double tick_step(double lo, double hi, int n)
{
    double raw = (hi - lo) / n, mag = pow(10, floor(log10(raw))), r = raw / mag;
    return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
}

/* Tick values at nice steps over [lo, hi] (about n of them); returns their count. */
static int ticks(double lo, double hi, int n, double *t, int max)
{
    double st = tick_step(lo, hi, n);
    int k = 0;
    for (double v = ceil(lo / st) * st; v <= hi + st * 1e-9 && k < max; v += st)
        t[k++] = fabs(v) < st * 1e-9 ? 0 : v;
    return k;
}

/* An axis label: the opening tag (with its attributes) is in open. */
static void label_text(kstring_t *s, const char *open, const char *label)
{
    kputs(open, s);
    ssc_svg_escape(s, label);
    kputs("</text>\n", s);
}

static void axis_x(kstring_t *s, const frame_t *f, const char *label)
{
    double t[32];
    char open[128];
    int y = f->py + f->ph, n = ticks(f->x0, f->x1, 6, t, 32);
    for (int i = 0; i < n; i++)
        ksprintf(s, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>"
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%g</text>\n",
                 fx(f, t[i]), y, fx(f, t[i]), y + 5, fx(f, t[i]), y + 18, t[i]);
    snprintf(open, sizeof open, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", f->px + f->pw / 2, y + 36);
    label_text(s, open, label);
}

static void axis_y(kstring_t *s, const frame_t *f, const char *label)
{
    double t[32];
    char open[128];
    int n = ticks(f->y0, f->y1, 5, t, 32);
    for (int i = 0; i < n; i++)
        ksprintf(s, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"black\"/>"
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
                 f->px - 5, fy(f, t[i]), f->px, fy(f, t[i]), f->px - 8, fy(f, t[i]) + 4, t[i]);
    snprintf(open, sizeof open, "<text transform=\"translate(%d,%d) rotate(-90)\" text-anchor=\"middle\">",
             f->px - 46, f->py + f->ph / 2);
    label_text(s, open, label);
}

static void frame_box(kstring_t *s, const frame_t *f, int id)
{
    ksprintf(s, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>\n"
                "<clipPath id=\"c%d\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/></clipPath>\n",
             f->px, f->py, f->pw, f->ph, id, f->px, f->py, f->pw, f->ph);
}

static void titles(kstring_t *s, int x0, int y0, const char *title, const char *subtitle)
{
    ksprintf(s, "<text x=\"%d\" y=\"%d\" font-size=\"15\" font-weight=\"bold\">", x0 + ML, y0 + 20);
    ssc_svg_escape(s, title);
    ksprintf(s, "</text>\n<text x=\"%d\" y=\"%d\" fill=\"#444\">", x0 + ML, y0 + 38);
    ssc_svg_escape(s, subtitle ? subtitle : "");
    kputs("</text>\n", s);
}

/* The legend column right of the plot: a box, then entries of one or two
 * lines (a sample of the line, its label, a grey note). */
typedef struct {
    int x, y;   /* where the next entry starts */
    int y0;     /* top of the box */
} legend_t;

static legend_t legend_begin(kstring_t *s, const frame_t *f, int lines)
{
    legend_t L = { f->px + f->pw + MR, f->py + 4, f->py };
    ksprintf(s, "<rect class=\"legend\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                "stroke=\"#ccc\"/>\n", L.x - 6, L.y0, SSC_SVG_LEGEND_W - 4, 10 + 15 * lines);
    return L;
}

enum { KEY_LINE, KEY_DASH, KEY_BAND, KEY_RING };

/* An entry: its sample (a line in col, a dashed line, a grey band, a ring), label and note. */
static void legend_entry(kstring_t *s, legend_t *L, int key, const char *col, const char *label, const char *note)
{
    int y = L->y + 12, x = L->x;
    switch (key) {
    case KEY_LINE:
    case KEY_DASH:
        ksprintf(s, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                 x, y - 4, x + 18, y - 4, col, key == KEY_DASH ? " stroke-dasharray=\"4 3\"" : "");
        break;
    case KEY_BAND:
        ksprintf(s, "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"8\" fill=\"#ddd\" stroke=\"#ccc\"/>", x, y - 8);
        break;
    default:
        ksprintf(s, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"none\" stroke=\"%s\"/>", x + 9, y - 4, col);
    }
    ksprintf(s, "<text x=\"%d\" y=\"%d\" font-size=\"11\">", L->x + 24, y);
    ssc_svg_escape(s, label);
    kputs("</text>\n", s);
    L->y += 15;
    if (!note) return;
    ksprintf(s, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555\">", L->x + 24, y + 14);
    ssc_svg_escape(s, note);
    kputs("</text>\n", s);
    L->y += 15;
}

/* A grey line under the x axis label. */
static void axis_note(kstring_t *s, const frame_t *f, const char *note)
{
    ksprintf(s, "<text class=\"axis-note\" x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\" "
                "fill=\"#555\">", f->px + f->pw / 2, f->py + f->ph + 54);
    ssc_svg_escape(s, note);
    kputs("</text>\n", s);
}

static int panel_id(void)
{
    static int id;
    return ++id;
}

/* ---- ECDF ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The 0.5th and 99.5th percentiles of all values. */
static int ecdf_range(const ssc_svg_curve_t *c, int nc, double *lo, double *hi)
{
    size_t n = 0, k = 0;
    for (int i = 0; i < nc; i++) n += c[i].n;
    double *all = malloc(sizeof *all * (n ? n : 1));
    if (!all) return SSC_ENOMEM;
    for (int i = 0; i < nc; i++)
        for (size_t j = 0; j < c[i].n; j++) all[k++] = c[i].x[j];
    qsort(all, n, sizeof *all, cmp_double);
    *lo = n ? all[(size_t)(0.005 * (double)(n - 1))] : -1;
    *hi = n ? all[(size_t)(0.995 * (double)(n - 1) + 0.5)] : 1;
    free(all);
    if (!(*hi > *lo)) *lo -= 0.5, *hi += 0.5;
    double pad = 0.04 * (*hi - *lo);
    *lo -= pad, *hi += pad;
    return 0;
}

/* A step function; steps falling in the same pixel column are merged. */
static void ecdf_path(kstring_t *s, const frame_t *f, const ssc_svg_curve_t *c, const char *col, int id)
{
    double lastx = -1e9;
    ksprintf(s, "<path clip-path=\"url(#c%d)\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" d=\"M%d %.1f",
             id, col, f->px - 2, fy(f, 0));
    for (size_t i = 0; i < c->n; i++) {
        double x = fx(f, c->x[i]), y = fy(f, (double)(i + 1) / (double)c->n);
        if (x < f->px - 2) x = f->px - 2;
        if (x > f->px + f->pw + 2) x = f->px + f->pw + 2;
        if (fabs(x - lastx) >= 0.1) ksprintf(s, "H%.1f", x);
        lastx = x;
        if (i + 1 == c->n || c->x[i + 1] != c->x[i]) ksprintf(s, "V%.1f", y);
    }
    ksprintf(s, "H%d\"/>\n", f->px + f->pw + 2);
}

/* Under the axis: how many values lie beyond the x range (drawn at its edges). */
static void ecdf_clip_note(kstring_t *s, const frame_t *f, const ssc_svg_curve_t *c, int nc)
{
    size_t n = 0, out = 0;
    char note[200];
    for (int i = 0; i < nc; i++)
        for (size_t j = 0; j < c[i].n; j++) n++, out += c[i].x[j] < f->x0 || c[i].x[j] > f->x1;
    if (out) snprintf(note, sizeof note, "x axis %.4g to %.4g (0.5th to 99.5th percentile, padded): %zu of "
                      "%zu values lie beyond, drawn at its edges", f->x0, f->x1, out, n);
    else snprintf(note, sizeof note, "x axis %.4g to %.4g: every value (%zu) is shown", f->x0, f->x1, n);
    axis_note(s, f, note);
}

static int legend_lines(const ssc_svg_curve_t *c, int nc)
{
    int n = 0;
    for (int i = 0; i < nc; i++) n += 1 + (c[i].note != NULL);
    return n;
}

int ssc_svg_ecdf(kstring_t *s, int x0, int y0, const char *title, const char *subtitle,
                 const char *xlab, const ssc_svg_curve_t *c, int nc)
{
    frame_t f = { 0, 1, 0, 1, x0 + ML, y0 + MT, PLOT_W, PLOT_H };
    int id = panel_id();
    size_t l0 = s->l;
    if (ecdf_range(c, nc, &f.x0, &f.x1) < 0) return SSC_ENOMEM;
    titles(s, x0, y0, title, subtitle);
    frame_box(s, &f, id);
    ksprintf(s, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>\n",
             fx(&f, 0), f.py, fx(&f, 0), f.py + f.ph);
    legend_t L = legend_begin(s, &f, legend_lines(c, nc));
    for (int i = 0; i < nc; i++) {
        const char *col = i == 0 ? "black" : COLOURS[(i - 1) % NCOL];
        if (c[i].n) ecdf_path(s, &f, &c[i], col, id);
        legend_entry(s, &L, KEY_LINE, col, c[i].label, c[i].note);
    }
    axis_x(s, &f, xlab);
    axis_y(s, &f, "cumulative fraction");
    ecdf_clip_note(s, &f, c, nc);
    return s->l > l0 && s->s ? 0 : SSC_ENOMEM;
}

/* ---- landscape ---- */

static void land_range(const ssc_svg_land_t *l, frame_t *f)
{
    double lo = -3, hi = 3;
    size_t n = l->n_rows * (size_t)l->n_bins;
    for (size_t i = 0; i < n; i++) {
        if (l->score[i] < lo) lo = l->score[i];
        if (l->score[i] > hi) hi = l->score[i];
    }
    f->y0 = lo - 0.05 * (hi - lo);
    f->y1 = hi + 0.05 * (hi - lo);
    f->x0 = 0;
    f->x1 = l->n_bins ? (double)l->bin_end[l->n_bins - 1] : 1;
}

static void land_envelope(kstring_t *s, const frame_t *f, const ssc_svg_land_t *l)
{
    ksprintf(s, "<path fill=\"#ddd\" stroke=\"#ccc\" d=\"M%.1f %.1f", fx(f, 0), fy(f, 0));
    for (int b = 0; b < l->n_bins; b++) {
        double mx = -INFINITY;
        for (size_t r = 0; r < l->n_rows; r++)
            if (l->score[r * l->n_bins + b] > mx) mx = l->score[r * l->n_bins + b];
        ksprintf(s, "L%.1f %.1f", fx(f, (double)l->bin_end[b]), fy(f, mx));
    }
    for (int b = l->n_bins - 1; b >= 0; b--) {
        double mn = INFINITY;
        for (size_t r = 0; r < l->n_rows; r++)
            if (l->score[r * l->n_bins + b] < mn) mn = l->score[r * l->n_bins + b];
        ksprintf(s, "L%.1f %.1f", fx(f, (double)l->bin_end[b]), fy(f, mn));
    }
    kputs("Z\"/>\n", s);
}

static void hline(kstring_t *s, const frame_t *f, double y, const char *dash)
{
    ksprintf(s, "<line%s x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#777\"%s%s%s/>\n",
             dash ? " class=\"ref\"" : "", f->px, fy(f, y), f->px + f->pw, fy(f, y),
             dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
}

static void land_row(kstring_t *s, const frame_t *f, const ssc_svg_land_t *l, size_t r, const char *col)
{
    ksprintf(s, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\" points=\"%.1f,%.1f", col,
             fx(f, 0), fy(f, 0));
    for (int b = 0; b < l->n_bins; b++)
        ksprintf(s, " %.1f,%.1f", fx(f, (double)l->bin_end[b]), fy(f, l->score[r * l->n_bins + b]));
    kputs("\"/>\n", s);
}

static void land_peak(kstring_t *s, const frame_t *f, const ssc_svg_land_t *l)
{
    double x = fx(f, (double)l->bin_end[l->peak_bin]), y = fy(f, l->score[l->peak_row * l->n_bins + l->peak_bin]);
    ksprintf(s, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"none\" stroke=\"black\" stroke-width=\"1.5\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">", x, y, x + 8, y < f->py + 20 ? y + 14 : y - 8);
    ssc_svg_escape(s, l->peak_label ? l->peak_label : "peak");
    kputs("</text>\n", s);
}

/* What the grey band, the dashed lines and the circle mean. */
static void land_legend_keys(kstring_t *s, legend_t *L, const ssc_svg_land_t *l)
{
    char label[96], note[96];
    snprintf(label, sizeof label, "all %zu words: their range", l->n_rows);
    legend_entry(s, L, KEY_BAND, NULL, label, NULL);
    snprintf(label, sizeof label, "+/-%g: P = %.2g, enriched / depleted", l->ref, pow(10, -l->ref));
    snprintf(note, sizeof note, "one word, one window (uncorrected)");
    legend_entry(s, L, KEY_DASH, "#777", label, note);
    if (l->peak_bin >= 0) legend_entry(s, L, KEY_RING, "black", "the peak of the coloured words", NULL);
}

int ssc_svg_landscape(kstring_t *s, int x0, int y0, const char *title, const char *subtitle,
                      const ssc_svg_land_t *l)
{
    frame_t f = { 0, 1, 0, 1, x0 + ML, y0 + MT, PLOT_W, PLOT_H };
    size_t l0 = s->l;
    if (l->n_bins < 1) return SSC_EINVAL;
    land_range(l, &f);
    titles(s, x0, y0, title, subtitle);
    frame_box(s, &f, panel_id());
    if (l->n_rows) land_envelope(s, &f, l);
    hline(s, &f, 0, NULL);
    hline(s, &f, l->ref, "4 3");
    hline(s, &f, -l->ref, "4 3");
    legend_t L = legend_begin(s, &f, l->n_hi + 3 + (l->peak_bin >= 0));
    for (int i = 0; i < l->n_hi; i++) {
        land_row(s, &f, l, l->hi[i], COLOURS[i % NCOL]);
        legend_entry(s, &L, KEY_LINE, COLOURS[i % NCOL], l->hi_label[i], NULL);
    }
    land_legend_keys(s, &L, l);
    if (l->peak_bin >= 0) land_peak(s, &f, l);
    axis_x(s, &f, l->xlab ? l->xlab : "sequences in the leading window (ranked, most repressed first)");
    axis_y(s, &f, "signed -log10 P (+ enriched, - depleted)");
    axis_note(s, &f, "hypergeometric P of each word's occurrences in the leading window, against all sequences");
    return s->l > l0 && s->s ? 0 : SSC_ENOMEM;
}
