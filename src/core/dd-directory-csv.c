/* dd-directory-csv.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-directory-csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dd-csv.h"
#include "dd-error.h"
#include "dd-unit-code.h"

#define A(...) ((const char * const[]) { __VA_ARGS__, NULL })

static const DdDirectoryColumn contact_columns[] = {
  { "unit",         A ("单位", "单位名称", "部门"),                  TRUE },
  { "division",     A ("区划", "区划代码", "行政区划", "行政区划代码"), TRUE },
  { "name",         A ("姓名", "名字"),                            FALSE },
  { "post",         A ("职务", "职位", "岗位"),                     FALSE },
  { "office_phone", A ("办公电话", "座机"),                        FALSE },
  { "mobile",       A ("手机", "手机号", "移动电话"),                FALSE },
  { "duty_phone",   A ("值班电话", "值班室电话"),                    FALSE },
  { "fax",          A ("传真"),                                   FALSE },
  { "note",         A ("备注", "说明"),                             FALSE },
};

static const DdDirectoryColumn team_columns[] = {
  { "name",         A ("名称", "队伍名称", "队伍"),                   TRUE },
  { "class",        A ("类别", "队伍类别", "类型"),                   TRUE },
  { "field",        A ("专业领域", "领域", "专业"),                   FALSE },
  { "registration", A ("登记编号", "备案编号", "编号"),                FALSE },
  { "owner_unit",   A ("主管单位", "所属单位", "主管单位代码"),         FALSE },
  { "division",     A ("区划", "区划代码", "行政区划", "行政区划代码"), FALSE },
  { "address",      A ("驻地", "地址", "驻地地址"),                   FALSE },
  { "lat",          A ("纬度"),                                    FALSE },
  { "lon",          A ("经度"),                                    FALSE },
  { "headcount",    A ("人数", "队员人数"),                          FALSE },
  { "equipment",    A ("装备", "主要装备"),                          FALSE },
  { "contact",      A ("联系人"),                                  FALSE },
  { "phone",        A ("电话", "联系电话"),                          FALSE },
};

static const DdDirectoryColumn expert_columns[] = {
  { "name",     A ("姓名", "名字"),                            TRUE },
  { "fields",   A ("专业领域", "领域", "专业"),                   FALSE },
  { "unit",     A ("单位", "工作单位"),                         FALSE },
  { "title",    A ("职称", "职务"),                             FALSE },
  { "phone",    A ("电话", "办公电话", "联系电话"),               FALSE },
  { "mobile",   A ("手机", "手机号", "移动电话"),                 FALSE },
  { "division", A ("区划", "区划代码", "行政区划", "行政区划代码"), FALSE },
};

static const DdDirectoryColumn warehouse_columns[] = {
  { "name",       A ("名称", "仓库名称", "仓库", "储备库"),           TRUE },
  { "owner_unit", A ("主管单位", "所属单位", "主管单位代码"),         FALSE },
  { "division",   A ("区划", "区划代码", "行政区划", "行政区划代码"), FALSE },
  { "address",    A ("地址"),                                    FALSE },
  { "lat",        A ("纬度"),                                    FALSE },
  { "lon",        A ("经度"),                                    FALSE },
  { "level",      A ("级别", "等级"),                             FALSE },
  { "contact",    A ("联系人"),                                  FALSE },
  { "phone",      A ("电话", "联系电话"),                          FALSE },
};

static const DdDirectoryColumn stock_columns[] = {
  { "warehouse",       A ("仓库", "仓库名称", "储备库"),     TRUE },
  { "item",            A ("物资", "物资名称", "品名", "名称"), TRUE },
  { "category",        A ("类别", "物资类别", "分类"),        FALSE },
  { "quantity",        A ("数量", "库存", "库存数量"),        FALSE },
  { "unit_of_measure", A ("单位", "计量单位"),              FALSE },
  { "updated",         A ("更新日期", "更新时间", "日期"),     FALSE },
};

static const DdDirectoryColumn plan_columns[] = {
  { "title",      A ("预案名称", "名称", "标题"),             TRUE },
  { "level",      A ("级别", "预案级别"),                    FALSE },
  { "subtypes",   A ("事件类型", "适用事件", "事件子类"),       FALSE },
  { "owner_unit", A ("编制单位", "主管单位", "所属单位"),       FALSE },
  { "version",    A ("版本", "版本号"),                      FALSE },
  { "date",       A ("日期", "发布日期", "印发日期"),          FALSE },
  { "file",       A ("文件", "附件", "文件路径"),             FALSE },
  { "sections",   A ("章节", "预案内容", "结构化内容"),         FALSE },
};

#undef A

static const struct {
  const DdDirectoryColumn *columns;
  guint                    n_columns;
} kind_columns[] = {
  { contact_columns,   G_N_ELEMENTS (contact_columns) },
  { team_columns,      G_N_ELEMENTS (team_columns) },
  { expert_columns,    G_N_ELEMENTS (expert_columns) },
  { warehouse_columns, G_N_ELEMENTS (warehouse_columns) },
  { stock_columns,     G_N_ELEMENTS (stock_columns) },
  { plan_columns,      G_N_ELEMENTS (plan_columns) },
};

/* Levels of warehouses and plans, and the words for them. */
static const struct {
  const char *nick;
  const char *words;
} levels[] = {
  { "province",   "省;省级" },
  { "prefecture", "市;市级;州;州级;市州;市（州）级" },
  { "county",     "县;县级;区;区级;县区;县（区）级" },
  { "township",   "乡;乡镇;乡镇级;街道" },
  { "department", "部门;部门级" },
};

static void
add_problem (GPtrArray  *problems,
             guint       line,
             const char *column,
             const char *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (GPtrArray  *problems,
             guint       line,
             const char *column,
             const char *format,
             ...)
{
  DdDirectoryProblem *problem = g_new0 (DdDirectoryProblem, 1);
  va_list args;

  va_start (args, format);
  problem->line = line;
  problem->column = g_strdup (column);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (problems, problem);
}

static gboolean
parse_number (const char *text,
              gboolean    integer,
              double     *out)
{
  char *end = NULL;
  double value;

  if (text[0] == '\0')
    return FALSE;

  errno = 0;
  if (integer)
    {
      gint64 n;

      if (!g_ascii_string_to_signed (text, 10, 0, G_MAXINT32, &n, NULL))
        return FALSE;
      *out = (double) n;
      return TRUE;
    }

  value = g_ascii_strtod (text, &end);
  if (errno != 0 || end == text || *end != '\0' || !isfinite (value))
    return FALSE;
  *out = value;
  return TRUE;
}

/* YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年M月D日 → YYYY-MM-DD. */
static char *
normalise_date (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  g_auto(GStrv) parts = NULL;
  guint64 y, m, d;
  GString *s;
  char *p;

  /* Unify separators. */
  s = g_string_new (NULL);
  for (p = copy; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '.' || c == 0x5E74 /* 年 */ || c == 0x6708 /* 月 */)
        g_string_append_c (s, '-');
      else if (c == 0x65E5 /* 日 */)
        ;
      else
        g_string_append_unichar (s, c);
    }
  parts = g_strsplit (s->str, "-", -1);
  g_string_free (s, TRUE);

  if (g_strv_length (parts) != 3 ||
      strlen (parts[0]) != 4 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1900, 2999, &y, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &m, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &d, NULL) ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", (guint) y, (guint) m, (guint) d);
}

static const char *
normalise_level (const char *text)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      g_auto(GStrv) words = NULL;

      if (g_str_equal (lower, levels[i].nick))
        return levels[i].nick;
      words = g_strsplit (levels[i].words, ";", -1);
      for (guint j = 0; words[j] != NULL; j++)
        if (g_str_equal (lower, words[j]))
          return levels[i].nick;
    }

  return NULL;
}

/* Splits on ";" "；" "," "、" and rejoins with ";" without blanks. */
static char *
normalise_list (const char *text)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  const char *p;

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ';' || c == 0xFF1B || c == 0x3001 || c == ',' || c == 0xFF0C)
        g_string_append_c (s, ';');
      else
        g_string_append_unichar (s, c);
    }

  {
    g_auto(GStrv) parts = g_strsplit (s->str, ";", -1);

    for (guint i = 0; parts[i] != NULL; i++)
      {
        g_strstrip (parts[i]);
        if (parts[i][0] != '\0')
          g_ptr_array_add (items, g_strdup (parts[i]));
      }
  }
  g_string_free (s, TRUE);
  g_ptr_array_add (items, NULL);

  return g_strjoinv (";", (char **) items->pdata);
}

/* Validates and normalises one cell; FALSE after adding a problem. */
static gboolean
check_cell (DdDirectoryKind   kind,
            const char       *column,
            char            **value,
            DdDivisionTable  *divisions,
            guint             line,
            GPtrArray        *problems)
{
  const char *v = *value;
  double number;

  if (v[0] == '\0')
    return TRUE;

  if (g_str_equal (column, "division"))
    {
      if (dd_division_table_lookup (divisions, v) == NULL)
        {
          add_problem (problems, line, column, _("“%s” is not a known division code"), v);
          return FALSE;
        }
    }
  else if (g_str_equal (column, "owner_unit"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DdUnitCode) code = dd_unit_code_parse (divisions, v, &error);

      if (code == NULL)
        {
          add_problem (problems, line, column, _("“%s” is not a unit code: %s"), v, error->message);
          return FALSE;
        }
    }
  else if (g_str_equal (column, "lat") || g_str_equal (column, "lon"))
    {
      double limit = g_str_equal (column, "lat") ? 90.0 : 180.0;

      if (!parse_number (v, FALSE, &number) || number < -limit || number > limit)
        {
          add_problem (problems, line, column, _("“%s” is not a coordinate in degrees"), v);
          return FALSE;
        }
    }
  else if (g_str_equal (column, "headcount"))
    {
      if (!parse_number (v, TRUE, &number))
        {
          add_problem (problems, line, column, _("“%s” is not a whole number"), v);
          return FALSE;
        }
    }
  else if (g_str_equal (column, "quantity"))
    {
      if (!parse_number (v, FALSE, &number) || number < 0)
        {
          add_problem (problems, line, column, _("“%s” is not a quantity"), v);
          return FALSE;
        }
    }
  else if (g_str_equal (column, "updated") || g_str_equal (column, "date"))
    {
      char *date = normalise_date (v);

      if (date == NULL)
        {
          add_problem (problems, line, column, _("“%s” is not a date (YYYY-MM-DD)"), v);
          return FALSE;
        }
      g_free (*value);
      *value = date;
    }
  else if (g_str_equal (column, "class") && kind == DD_DIRECTORY_KIND_TEAM)
    {
      DdTeamClass klass;

      if (!dd_team_class_from_string (v, &klass))
        {
          add_problem (problems, line, column,
                       _("“%s” is not a team class (comprehensive, professional, expert or volunteer)"), v);
          return FALSE;
        }
      g_free (*value);
      *value = g_strdup (dd_team_class_to_string (klass));
    }
  else if (g_str_equal (column, "level"))
    {
      const char *level = normalise_level (v);

      if (level == NULL)
        {
          add_problem (problems, line, column,
                       _("“%s” is not a level (province, prefecture, county, township or department)"), v);
          return FALSE;
        }
      g_free (*value);
      *value = g_strdup (level);
    }
  else if (g_str_equal (column, "subtypes"))
    {
      char *list = normalise_list (v);
      g_auto(GStrv) ids = g_strsplit (list, ";", -1);
      DdTaxonomy *taxonomy = dd_taxonomy_get_default ();
      gboolean ok = TRUE;

      g_free (*value);
      *value = list;
      for (guint i = 0; ids[i] != NULL; i++)
        if (dd_taxonomy_lookup (taxonomy, ids[i]) == NULL)
          {
            add_problem (problems, line, column, _("“%s” is not an event sub-type id"), ids[i]);
            ok = FALSE;
          }
      return ok;
    }
  else if (g_str_equal (column, "sections"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) sections = dd_directory_sections_parse (v, &error);

      if (sections == NULL)
        {
          add_problem (problems, line, column, "%s", error->message);
          return FALSE;
        }
      g_ptr_array_add (sections, NULL);
      g_free (*value);
      *value = dd_directory_sections_format ((const char * const *) sections->pdata);
    }
  else if (g_str_equal (column, "fields"))
    {
      char *list = normalise_list (v);

      g_free (*value);
      *value = list;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ public */

const DdDirectoryColumn *
dd_directory_kind_get_columns (DdDirectoryKind  kind,
                               guint           *n_columns)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_columns), NULL);

  if (n_columns != NULL)
    *n_columns = kind_columns[kind].n_columns;
  return kind_columns[kind].columns;
}

int
dd_directory_kind_find_column (DdDirectoryKind  kind,
                               const char      *name)
{
  guint n;
  const DdDirectoryColumn *columns = dd_directory_kind_get_columns (kind, &n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (columns[i].name, name))
      return (int) i;
  return -1;
}

void
dd_directory_problem_free (DdDirectoryProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->column);
  g_free (problem->message);
  g_free (problem);
}

void
dd_directory_row_free (DdDirectoryRow *row)
{
  if (row == NULL)
    return;
  g_strfreev (row->values);
  g_free (row);
}

const char *
dd_directory_row_get (const DdDirectoryRow *row,
                      DdDirectoryKind       kind,
                      const char           *name)
{
  int i = dd_directory_kind_find_column (kind, name);

  g_return_val_if_fail (i >= 0, "");
  return row->values[i];
}

gboolean
dd_directory_row_check (DdDirectoryKind   kind,
                        DdDirectoryRow   *row,
                        DdDivisionTable  *divisions,
                        GPtrArray        *problems)
{
  const DdDirectoryColumn *columns;
  guint n_columns;
  gboolean ok = TRUE;

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_columns), FALSE);
  g_return_val_if_fail (row != NULL && problems != NULL, FALSE);

  if (divisions == NULL)
    divisions = dd_division_table_get_default ();

  columns = dd_directory_kind_get_columns (kind, &n_columns);
  g_return_val_if_fail (g_strv_length (row->values) == n_columns, FALSE);

  for (guint c = 0; c < n_columns; c++)
    {
      g_strstrip (row->values[c]);
      if (columns[c].required && row->values[c][0] == '\0')
        {
          add_problem (problems, row->line, columns[c].name,
                       _("“%s” is required"), columns[c].name);
          ok = FALSE;
          continue;
        }
      if (!check_cell (kind, columns[c].name, &row->values[c], divisions,
                       row->line, problems))
        ok = FALSE;
    }

  /* A contact is a person, or the unit's own line with its duty phone or fax. */
  if (kind == DD_DIRECTORY_KIND_CONTACT && ok &&
      dd_directory_row_get (row, kind, "name")[0] == '\0' &&
      dd_directory_row_get (row, kind, "duty_phone")[0] == '\0' &&
      dd_directory_row_get (row, kind, "fax")[0] == '\0')
    {
      add_problem (problems, row->line, "name",
                   _("A contact needs a name, or a duty phone or fax for the unit’s own line"));
      ok = FALSE;
    }

  return ok;
}

/* One heading or body: trimmed, CR LF as LF. */
static char *
section_text (GString *field)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (gsize i = 0; i < field->len; i++)
    if (!(field->str[i] == '\r' && i + 1 < field->len && field->str[i + 1] == '\n'))
      g_string_append_c (s, field->str[i]);
  return g_strstrip (g_string_free (g_steal_pointer (&s), FALSE));
}

GPtrArray *
dd_directory_sections_parse (const char  *cell,
                             GError     **error)
{
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  g_autoptr(GPtrArray) section = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *trimmed = NULL;
  const char *p = cell;

  g_return_val_if_fail (cell != NULL, NULL);

  trimmed = g_strstrip (g_strdup (cell));
  if (trimmed[0] == '\0')
    return g_steal_pointer (&sections);

  for (;; p++)
    {
      gboolean end_of_section = *p == '\0' || (*p == '|' && p[1] == '|');

      if (*p == '\\' && (p[1] == '|' || p[1] == '\\'))
        {
          g_string_append_c (field, *++p);
          continue;
        }
      if (*p != '|' && !end_of_section)
        {
          g_string_append_c (field, *p);
          continue;
        }

      g_ptr_array_add (section, section_text (field));
      g_string_truncate (field, 0);
      if (!end_of_section)
        continue;

      if (section->len > 2 || ((char *) g_ptr_array_index (section, 0))[0] == '\0')
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       section->len > 2
                       ? _("Section %u has more than a heading and a body: write “heading|body”, "
                           "sections separated by “||” (“\\|” for a “|” in the text)")
                       : _("Section %u has no heading"),
                       sections->len / 2 + 1);
          return NULL;
        }
      g_ptr_array_add (sections, g_strdup (g_ptr_array_index (section, 0)));
      g_ptr_array_add (sections, g_strdup (section->len > 1 ? g_ptr_array_index (section, 1) : ""));
      g_ptr_array_set_size (section, 0);

      if (*p == '\0')
        break;
      p++;
    }

  return g_steal_pointer (&sections);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '|' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

char *
dd_directory_sections_format (const char * const *sections)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (sections != NULL, NULL);

  for (guint i = 0; sections[i] != NULL && sections[i + 1] != NULL; i += 2)
    {
      if (i > 0)
        g_string_append (out, "||");
      append_escaped (out, sections[i]);
      if (sections[i + 1][0] != '\0')
        {
          g_string_append_c (out, '|');
          append_escaped (out, sections[i + 1]);
        }
    }

  return g_string_free (out, FALSE);
}

void
dd_directory_sheet_free (DdDirectorySheet *sheet)
{
  if (sheet == NULL)
    return;
  g_free (sheet->encoding);
  g_clear_pointer (&sheet->rows, g_ptr_array_unref);
  g_clear_pointer (&sheet->problems, g_ptr_array_unref);
  g_free (sheet);
}

static int
match_header (DdDirectoryKind  kind,
              const char      *cell)
{
  guint n;
  const DdDirectoryColumn *columns = dd_directory_kind_get_columns (kind, &n);
  g_autofree char *name = g_strstrip (g_ascii_strdown (cell, -1));

  /* A leading "*" or a trailing "(必填)" marks required columns in templates. */
  if (name[0] == '*')
    memmove (name, name + 1, strlen (name));
  if (g_str_has_suffix (name, "（必填）"))
    name[strlen (name) - strlen ("（必填）")] = '\0';
  else if (g_str_has_suffix (name, "(必填)"))
    name[strlen (name) - strlen ("(必填)")] = '\0';
  g_strstrip (name);

  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (name, columns[i].name))
        return (int) i;
      for (guint j = 0; columns[i].aliases[j] != NULL; j++)
        if (g_str_equal (name, columns[i].aliases[j]))
          return (int) i;
    }
  return -1;
}

DdDirectorySheet *
dd_directory_sheet_parse (DdDirectoryKind   kind,
                          GBytes           *bytes,
                          DdDivisionTable  *divisions,
                          GError          **error)
{
  g_autoptr(DdDirectorySheet) sheet = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *text = NULL;
  g_autofree int *map = NULL;
  const DdDirectoryColumn *columns;
  const char *encoding = NULL;
  DdCsvRow *header;
  gboolean header_ok = TRUE;
  guint n_columns;
  guint n_header;

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_columns), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  if (divisions == NULL)
    divisions = dd_division_table_get_default ();

  text = dd_csv_decode (bytes, &encoding, error);
  if (text == NULL)
    return NULL;
  records = dd_csv_parse (text, error);
  if (records == NULL)
    return NULL;

  columns = dd_directory_kind_get_columns (kind, &n_columns);
  sheet = g_new0 (DdDirectorySheet, 1);
  sheet->kind = kind;
  sheet->encoding = g_strdup (encoding);
  sheet->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_directory_row_free);
  sheet->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_directory_problem_free);

  if (records->len == 0)
    {
      add_problem (sheet->problems, 0, NULL, _("The file is empty"));
      return g_steal_pointer (&sheet);
    }

  /* The header: any order, English or Chinese names. */
  header = g_ptr_array_index (records, 0);
  n_header = g_strv_length (header->fields);
  map = g_new0 (int, n_header + 1);
  {
    g_autofree gboolean *seen = g_new0 (gboolean, n_columns);

    for (guint i = 0; header->fields[i] != NULL; i++)
      {
        int c = match_header (kind, header->fields[i]);

        map[i] = c;
        if (c < 0)
          {
            if (g_strstrip (header->fields[i])[0] == '\0')
              continue;
            add_problem (sheet->problems, header->line, NULL,
                         _("Unknown column “%s”"), header->fields[i]);
            header_ok = FALSE;
          }
        else if (seen[c])
          {
            add_problem (sheet->problems, header->line, columns[c].name,
                         _("Column “%s” appears twice"), header->fields[i]);
            header_ok = FALSE;
          }
        else
          seen[c] = TRUE;
      }

    for (guint c = 0; c < n_columns; c++)
      if (columns[c].required && !seen[c])
        {
          add_problem (sheet->problems, header->line, columns[c].name,
                       _("Required column “%s” is missing"), columns[c].name);
          header_ok = FALSE;
        }
  }
  if (!header_ok)
    return g_steal_pointer (&sheet);

  for (guint r = 1; r < records->len; r++)
    {
      DdCsvRow *record = g_ptr_array_index (records, r);
      g_autoptr(DdDirectoryRow) row = g_new0 (DdDirectoryRow, 1);
      gboolean ok = TRUE;
      gboolean blank = TRUE;
      guint n_fields = g_strv_length (record->fields);

      row->line = record->line;
      row->values = g_new0 (char *, n_columns + 1);
      for (guint c = 0; c < n_columns; c++)
        row->values[c] = g_strdup ("");

      for (guint i = 0; i < n_fields; i++)
        {
          g_autofree char *cell = g_strstrip (g_strdup (record->fields[i]));

          if (cell[0] != '\0')
            blank = FALSE;
          if (i >= n_header)
            {
              if (cell[0] != '\0')
                {
                  add_problem (sheet->problems, row->line, NULL,
                               _("More cells than columns in the header"));
                  ok = FALSE;
                }
              continue;
            }
          if (map[i] < 0)
            continue;
          g_free (row->values[map[i]]);
          row->values[map[i]] = g_steal_pointer (&cell);
        }

      if (blank)
        continue;

      if (!dd_directory_row_check (kind, row, divisions, sheet->problems))
        ok = FALSE;

      if (ok)
        g_ptr_array_add (sheet->rows, g_steal_pointer (&row));
    }

  return g_steal_pointer (&sheet);
}

GBytes *
dd_directory_sheet_write (DdDirectoryKind  kind,
                          GPtrArray       *rows)
{
  GString *out = g_string_new ("\xEF\xBB\xBF");
  const DdDirectoryColumn *columns;
  guint n_columns;

  columns = dd_directory_kind_get_columns (kind, &n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      dd_csv_append_field (out, columns[c].name);
    }
  g_string_append (out, "\r\n");

  for (guint r = 0; rows != NULL && r < rows->len; r++)
    {
      DdDirectoryRow *row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          dd_csv_append_field (out, row->values[c] != NULL ? row->values[c] : "");
        }
      g_string_append (out, "\r\n");
    }

  return g_string_free_to_bytes (out);
}
