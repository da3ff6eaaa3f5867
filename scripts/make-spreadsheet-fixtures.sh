#!/usr/bin/env bash
# Regenerates the small spreadsheet fixtures in apps/server/test-fixtures/spreadsheets/.
#
# The xlsx fixtures are produced by LibreOffice, not by exceljs, so the reader is tested against a
# second, independent xlsx writer (shared strings, its own number formats, rich text runs, cached
# formula results, styled-but-empty rows). The sources are flat ODS (.fods) files written here by hand:
# unlike a CSV, a .fods states every cell's type (office:value-type="date" / "float" / "string"), so
# we decide exactly which dates are real dates and which ID numbers are (rounded) numbers.
#
# CI does not run this script: the outputs are committed. Run it again only to change the fixtures:
#   sudo bash scripts/make-spreadsheet-fixtures.sh      (needs apt-get the first time, for LibreOffice)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/apps/server/test-fixtures/spreadsheets"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

if ! command -v soffice >/dev/null 2>&1; then
  echo "LibreOffice not found; installing libreoffice-calc-nogui" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "run as root (or install libreoffice-calc-nogui yourself)" >&2
    exit 1
  fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libreoffice-calc-nogui
fi
if ! command -v iconv >/dev/null 2>&1; then
  echo "iconv (glibc) is needed to write the GBK CSV" >&2
  exit 1
fi

# A private LibreOffice profile: a first run writes one, and sharing ~/.config with a running desktop
# instance makes --headless hand the job to that instance (or silently do nothing).
profile="file://$work/lo-profile"

to_xlsx() {
  local src="$1"
  # (stderr filtered: without Java installed every run warns "failed to launch javaldx", harmlessly)
  soffice -env:UserInstallation="$profile" --headless --norestore \
    --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$work/xlsx" "$src" \
    >/dev/null 2> >(grep -v javaldx >&2 || true)
  local name
  name="$(basename "${src%.*}").xlsx"
  if [ ! -s "$work/xlsx/$name" ]; then
    echo "LibreOffice did not produce $name" >&2
    exit 1
  fi
  cp "$work/xlsx/$name" "$out/$name"
}

# Shared .fods head: number formats and cell styles. Cell styles: ceDate (yyyy-mm-dd), ceDateCn
# (yyyy年m月d日), ceDateTime (yyyy-mm-dd hh:mm), ceText (the "@" text format), ceFill (a filled
# background, so LibreOffice writes the empty cells of a "blank" row), ceBold (the header).
fods_head() {
  cat <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles>
  <number:date-style style:name="Ndate">
   <number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/>
  </number:date-style>
  <number:date-style style:name="NdateCn">
   <number:year number:style="long"/><number:text>年</number:text><number:month/><number:text>月</number:text><number:day/><number:text>日</number:text>
  </number:date-style>
  <number:date-style style:name="NdateTime">
   <number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/>
  </number:date-style>
  <number:text-style style:name="Ntext"><number:text-content/></number:text-style>
  <style:style style:name="ceDate" style:family="table-cell" style:data-style-name="Ndate"/>
  <style:style style:name="ceDateCn" style:family="table-cell" style:data-style-name="NdateCn"/>
  <style:style style:name="ceDateTime" style:family="table-cell" style:data-style-name="NdateTime"/>
  <style:style style:name="ceText" style:family="table-cell" style:data-style-name="Ntext"/>
  <style:style style:name="ceFill" style:family="table-cell"><style:table-cell-properties fo:background-color="#ffff99"/></style:style>
  <style:style style:name="ceBold" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold" fo:color="#c00000"/></style:style>
 </office:automatic-styles>
 <office:body>
  <office:spreadsheet>
XML
}

fods_tail() {
  cat <<'XML'
  </office:spreadsheet>
 </office:body>
</office:document>
XML
}

# (a) members-text-ids.xlsx: Chinese headers (one written with a full-width space), real date cells
# in three date formats (one with a time just before midnight), ID numbers as text (18-digit, one
# ending in X, one old 15-digit), a phone number as a number, rich text, a cached formula result,
# a styled-but-empty row 4, a missing row 7, an unknown extra column, and a second sheet that must
# not be read.
{
  fods_head
  cat <<'XML'
   <table:table table:name="会员">
    <table:table-column table:number-columns-repeated="10"/>
    <table:table-row>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>姓　名</text:p></table:table-cell>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>身份证号码</text:p></table:table-cell>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>性别</text:p></table:table-cell>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>出生日期</text:p></table:table-cell>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>入会日期</text:p></table:table-cell>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>手机号码</text:p></table:table-cell>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>是否党员</text:p></table:table-cell>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>家庭人口</text:p></table:table-cell>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>备注</text:p></table:table-cell>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>内部编号</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>张三</text:p></table:table-cell>
     <table:table-cell table:style-name="ceText" office:value-type="string"><text:p>440106199001011234</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>男</text:p></table:table-cell>
     <table:table-cell table:style-name="ceDate" office:value-type="date" office:date-value="1990-01-01"><text:p>1990-01-01</text:p></table:table-cell>
     <table:table-cell table:style-name="ceDate" office:value-type="date" office:date-value="2015-07-01"><text:p>2015-07-01</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="13800138000"><text:p>13800138000</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>是</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p><text:span text:style-name="T1">重点</text:span>关注</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>X001</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>李四</text:p></table:table-cell>
     <table:table-cell table:style-name="ceText" office:value-type="string"><text:p>11010519491231002X</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>女</text:p></table:table-cell>
     <table:table-cell table:style-name="ceDateCn" office:value-type="date" office:date-value="1949-12-31"><text:p>1949年12月31日</text:p></table:table-cell>
     <table:table-cell table:style-name="ceDate" table:formula="of:=DATE(1970;1;1)" office:value-type="date" office:date-value="1970-01-01"><text:p>1970-01-01</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="13900139000"><text:p>13900139000</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>否</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="4"><text:p>4</text:p></table:table-cell>
     <table:table-cell table:formula="of:=&quot;公式&quot;&amp;&quot;结果&quot;" office:value-type="string" office:string-value="公式结果"><text:p>公式结果</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>X002</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell table:style-name="ceFill" table:number-columns-repeated="10"/>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>王五</text:p></table:table-cell>
     <table:table-cell table:style-name="ceText" office:value-type="string"><text:p>440106900101123</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>男</text:p></table:table-cell>
     <table:table-cell table:style-name="ceDate" office:value-type="date" office:date-value="2000-02-29"><text:p>2000-02-29</text:p></table:table-cell>
     <table:table-cell table:style-name="ceDateTime" office:value-type="date" office:date-value="2024-12-31T23:30:00"><text:p>2024-12-31 23:30</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>+86 138 0013 8000</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>Y</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>  前后有空格  </text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>X003</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>赵六</text:p></table:table-cell>
     <table:table-cell table:style-name="ceText" office:value-type="string"><text:p>44010619991231123X</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>女</text:p></table:table-cell>
     <table:table-cell table:style-name="ceDateTime" office:value-type="date" office:date-value="1999-12-31T23:59:59"><text:p>1999-12-31 23:59</text:p></table:table-cell>
     <table:table-cell table:style-name="ceDateCn" office:value-type="date" office:date-value="2010-06-15"><text:p>2010年6月15日</text:p></table:table-cell>
     <table:table-cell table:number-columns-repeated="5"/>
    </table:table-row>
    <table:table-row>
     <table:table-cell table:number-columns-repeated="10"/>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>钱七</text:p></table:table-cell>
     <table:table-cell table:style-name="ceText" office:value-type="string"><text:p>110105194912310021</text:p></table:table-cell>
     <table:table-cell table:number-columns-repeated="8"/>
    </table:table-row>
   </table:table>
   <table:table table:name="其他">
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>不应读取</text:p></table:table-cell>
    </table:table-row>
   </table:table>
XML
  fods_tail
} >"$work/members-text-ids.fods"

# (b) members-numeric-ids.xlsx: English headers (aliases, mixed case and spacing), ID numbers typed
# as numbers (LibreOffice, like Excel, keeps a double: the 18-digit ones are rounded, the 15-digit one
# is exact), an ID typed as the text Excel shows for a rounded number ("4.40106E+17"), dates as text in
# several formats, a date as a bare serial number, and bad dates, integers and booleans.
{
  fods_head
  cat <<'XML'
   <table:table table:name="Members">
    <table:table-column table:number-columns-repeated="9"/>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>Name</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>ID  Number</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>gender</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>Date of Birth</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>JOIN DATE</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>Mobile</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>Party member</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>Household size</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>Remarks</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>张三</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="440106199001011234"><text:p>4.40106E+17</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>男</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>1990/1/5</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>2015.7.1</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="13800138000"><text:p>13800138000</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>true</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="0.1"><text:p>0.1</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>李四</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="440106900101123"><text:p>440106900101123</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>女</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>1949年12月31日</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>19700101</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>13900139000</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>N</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>1,024</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="0.000000123"><text:p>1.23E-07</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>王五</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>4.40106E+17</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>男</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>2000-02-29</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="42005"><text:p>42005</text:p></table:table-cell>
     <table:table-cell table:number-columns-repeated="1"/>
     <table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="2.5"><text:p>2.5</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="1E+22"><text:p>1E+22</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>赵六</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="44010619991231.5"><text:p>44010619991231.5</text:p></table:table-cell>
     <table:table-cell table:number-columns-repeated="1"/>
     <table:table-cell office:value-type="string"><text:p>1990-13-01</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>明年</text:p></table:table-cell>
     <table:table-cell table:number-columns-repeated="1"/>
     <table:table-cell office:value-type="string"><text:p>也许</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>abc</text:p></table:table-cell>
     <table:table-cell table:number-columns-repeated="1"/>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>钱七</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>110105194912310021</text:p></table:table-cell>
     <table:table-cell table:number-columns-repeated="1"/>
     <table:table-cell office:value-type="string"><text:p>1990/01/05 0:00</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>２０２１年２月３日</text:p></table:table-cell>
     <table:table-cell table:number-columns-repeated="4"/>
    </table:table-row>
   </table:table>
XML
  fods_tail
} >"$work/members-numeric-ids.fods"

to_xlsx "$work/members-text-ids.fods"
to_xlsx "$work/members-numeric-ids.fods"

# (c) members-gbk.csv: what Chinese Excel writes for "CSV (逗号分隔)": GBK, CRLF, no BOM, dates as
# shown on screen (yyyy/m/d), a blank line and a line of bare commas (rows Excel leaves behind).
printf '%s\r\n' \
  '姓名,身份证号码,性别,出生日期,备注' \
  '张三,440106199001011234,男,1990/1/5,广州市天河区' \
  '李喆,11010519491231002X,女,1949/12/31,' \
  '' \
  ',,,,' \
  '欧阳娜娜,440106900101123,女,2000/2/29,"含,逗号"' \
  >"$work/members-gbk.utf8.csv"
iconv -f UTF-8 -t GBK "$work/members-gbk.utf8.csv" >"$out/members-gbk.csv"

# (d) members-utf8-bom.csv: UTF-8 with BOM, an English alias header, RFC 4180 quoting (commas,
# doubled quotes, a line break inside quotes), LF line endings, blank lines, a value guarded against
# formula injection by our own CSV writer ('=...), and the ="..." form Excel users type to keep digits.
{
  printf '\xEF\xBB\xBF'
  printf '%s\n' \
    'Name,身份证号码,出生日期,地址,备注' \
    '张三,440106199001011234,1990-01-05,"广州市,天河区","他说""你好"""' \
    '"李四",11010519491231002X,1949.12.31,"第一行' \
    '第二行",'"'"'=1+1' \
    '' \
    '王五,="440106900101123",2000年2月29日,"",  普通  ' \
    ',,,,'
} >"$out/members-utf8-bom.csv"

# (e) import-ready members files, as a person would make them: a CSV opened in LibreOffice and saved
# as xlsx. In members-import-text-ids the ID column is typed as text and 入会日期 as a date (YMD),
# so the rows import; in members-import-numeric-ids LibreOffice types the IDs as numbers, rounding
# all 18-digit ones except those ending in X (those stay text) — the importer must say so.
import_csv="$work/members-import.csv"
printf '%s\n' \
  '姓名,身份证号码,手机号码,所属工会,工会统一社会信用代码,工作单位,所属行业,学历,籍贯,入会日期' \
  '陈志明,440106198803150101,13600000001,广州华师科技有限公司工会,,广州华师科技有限公司,制造业,大专,湖南,2019-03-01' \
  '林小红,440106199207220104,13600000002,广州华师科技有限公司工会,,广州华师科技有限公司,制造业,本科,广东,2020-07-15' \
  '黄伟,11010519491231002X,,广州珠江新城物业管理有限公司工会,,广州珠江新城物业管理有限公司,居民服务业,高中/中专,广西,2018-11-30' \
  >"$import_csv"
lo_csv_to_xlsx() {
  local src="$1" filter="$2" name="$3"
  soffice -env:UserInstallation="$profile" --headless --norestore --infilter="$filter" \
    --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$work/xlsx" "$src" \
    >/dev/null 2> >(grep -v javaldx >&2 || true)
  cp "$work/xlsx/$(basename "${src%.*}").xlsx" "$out/$name"
}
# CSV filter: comma, double quote, UTF-8 (76), from line 1; column formats 2 = text, 5 = YMD date, 1 = standard
lo_csv_to_xlsx "$import_csv" 'CSV:44,34,76,1,1/2/2/2/3/2/4/2/5/2/6/2/7/2/8/2/9/2/10/5' members-import-text-ids.xlsx
lo_csv_to_xlsx "$import_csv" 'CSV:44,34,76,1,1/2/2/1/3/2/4/2/5/2/6/2/7/2/8/2/9/2/10/5' members-import-numeric-ids.xlsx

ls -l "$out"
