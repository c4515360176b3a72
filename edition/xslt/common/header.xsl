<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared access to the TEI header of one conversation: functions returning
  titles, dates, participants, version labels, and named templates that
  render the metadata table and source citations as HTML.
  Included by xslt/common/text.xsl (and thus by html.xsl, index.xsl, print.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- The elements a pointer attribute (@ref, @who, @resp, @decls) points at, in the same document. By id():
       Saxon keeps the xml:ids of a document as it parses it, where an xsl:key on every element with an xml:id
       (every sentence and paragraph has one) was built on the first lookup of each transform, about a tenth
       of the page of three aligned versions. -->
  <xsl:function name="ed:targets" as="element()*">
    <xsl:param name="ctx" as="node()"/>
    <xsl:param name="pointers" as="xs:string?"/>
    <xsl:for-each select="tokenize(normalize-space($pointers), ' ')[starts-with(., '#')]">
      <xsl:sequence select="id(substring(., 2), root($ctx))"/>
    </xsl:for-each>
  </xsl:function>

  <xsl:function name="ed:main-title" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="ts" select="$tei/teiHeader/fileDesc/titleStmt/title"/>
    <xsl:sequence select="normalize-space(($ts[@type = 'main'], $ts)[1])"/>
  </xsl:function>

  <xsl:function name="ed:sub-title" as="xs:string?">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="$tei/teiHeader/fileDesc/titleStmt/title[@type = 'sub'][1]/normalize-space()"/>
  </xsl:function>

  <xsl:function name="ed:setting" as="element(setting)?">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="$tei/teiHeader/profileDesc/settingDesc/setting[1]"/>
  </xsl:function>

  <!-- ISO date of the conversation: setting/date, else the YYYY-MM-DD prefix of the file name, else ''. -->
  <xsl:function name="ed:when" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="d" select="ed:setting($tei)/date[1]"/>
    <xsl:variable name="file" select="tokenize(string(base-uri($tei)), '/')[last()]"/>
    <xsl:sequence select="string(($d/@when, $d/@from, $d/@notBefore,
                          replace($file, '^(\d{4}-\d{2}-\d{2}).*$', '$1')[matches(., '^\d{4}-\d{2}-\d{2}$')], '')[1])"/>
  </xsl:function>

  <!-- Sort key: chronological, undated conversations last (as in edition/publish/builders.py). -->
  <xsl:function name="ed:sort-key" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="(ed:when($tei)[.], '9999')[1]"/>
  </xsl:function>

  <xsl:function name="ed:date-text" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="d" select="ed:setting($tei)/date[1]"/>
    <xsl:sequence select="if (normalize-space($d)) then normalize-space($d) else ed:when($tei)"/>
  </xsl:function>

  <!-- "1950-01-13" -> "13 January 1950"; anything else as it is. -->
  <xsl:function name="ed:date-words" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="if ($s castable as xs:date) then format-date(xs:date($s), '[D] [MNn] [Y]', 'en', (), ()) else $s"/>
  </xsl:function>

  <xsl:function name="ed:place" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="string-join(ed:setting($tei)/placeName/normalize-space(), ', ')"/>
  </xsl:function>

  <!-- Slug used for file names and, in print, as an id prefix. -->
  <xsl:function name="ed:slug" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="idno" select="$tei/teiHeader/fileDesc/publicationStmt/idno[@type = 'edition'][1]"/>
    <xsl:sequence select="if (normalize-space($idno)) then replace(normalize-space($idno), '[^A-Za-z0-9_.-]', '-')
                          else replace(tokenize(base-uri($tei), '/')[last()], '\.xml$', '')"/>
  </xsl:function>

  <!-- A person's name in the wanted language, else the first name given. -->
  <xsl:function name="ed:person-name" as="xs:string">
    <xsl:param name="person" as="element()"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:variable name="names" select="$person/descendant-or-self::persName"/>
    <xsl:sequence select="normalize-space(($names[lang($lang)], $names, $person)[1])"/>
  </xsl:function>

  <xsl:function name="ed:participants" as="xs:string*">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="$tei/teiHeader/profileDesc/particDesc//person ! ed:person-name(., 'en')"/>
  </xsl:function>

  <xsl:function name="ed:lang-name" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:param name="code" as="xs:string?"/>
    <xsl:variable name="l" select="$tei/teiHeader/profileDesc/langUsage/language[@ident = $code][1]"/>
    <xsl:sequence select="if (normalize-space($l)) then normalize-space($l)
                          else if ($code = 'ru') then 'Russian' else if ($code = 'en') then 'English'
                          else if ($code = 'zh') then 'Chinese' else string($code)"/>
  </xsl:function>

  <!-- The language versions, the original(s) first, then translations in document order. -->
  <xsl:function name="ed:versions" as="element(text)*">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="all" select="$tei/text/group/text | $tei/text[not(group)]"/>
    <xsl:sequence select="$all[@type = 'original'], $all[not(@type = 'original')]"/>
  </xsl:function>

  <xsl:function name="ed:version-lang" as="xs:string">
    <xsl:param name="t" as="element(text)"/>
    <xsl:sequence select="string(($t/ancestor-or-self::*/@xml:lang)[last()])"/>
  </xsl:function>

  <!-- "Russian original", "English translation" -->
  <xsl:function name="ed:version-label" as="xs:string">
    <xsl:param name="t" as="element(text)"/>
    <xsl:variable name="kind" select="if ($t/@type = 'original') then 'original'
                                      else if ($t/@type = 'translation') then 'translation'
                                      else string($t/@type)"/>
    <xsl:sequence select="normalize-space(ed:lang-name(root($t)/TEI, ed:version-lang($t)) || ' ' || $kind)"/>
  </xsl:function>

  <!-- Header descriptions (msDesc, bibl) a version declares in @decls. -->
  <xsl:function name="ed:version-sources" as="element()*">
    <xsl:param name="t" as="element(text)"/>
    <xsl:variable name="direct" select="ed:targets($t, $t/@decls)"/>
    <!-- a bibl may point at the manuscript it was made from (@corresp) -->
    <xsl:sequence select="$direct | $direct/self::bibl/ed:targets(., @corresp)"/>
  </xsl:function>

  <xsl:function name="ed:version-translators" as="xs:string*">
    <xsl:param name="t" as="element(text)"/>
    <xsl:sequence select="distinct-values(ed:version-sources($t)//respStmt[matches(resp, 'transl', 'i')]/persName/normalize-space())"/>
  </xsl:function>

  <xsl:function name="ed:translators" as="xs:string*">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="distinct-values(($tei/teiHeader/fileDesc/titleStmt/respStmt[matches(resp, 'transl', 'i')]/persName,
                          $tei/teiHeader/fileDesc/sourceDesc//respStmt[matches(resp, 'transl', 'i')]/persName)/normalize-space())"/>
  </xsl:function>

  <!-- "Russian original; English translation (Danny Rozas); …" -->
  <xsl:function name="ed:version-summary" as="xs:string">
    <xsl:param name="t" as="element(text)"/>
    <xsl:variable name="tr" select="ed:version-translators($t)"/>
    <xsl:sequence select="ed:version-label($t) || (if (exists($tr)) then ' (' || string-join($tr, ', ') || ')' else '')"/>
  </xsl:function>

  <!-- The web page's label of a version: "Russian original", "English — tr. Danny Rozas". -->
  <xsl:function name="ed:version-title" as="xs:string">
    <xsl:param name="t" as="element(text)"/>
    <xsl:variable name="tr" select="ed:version-translators($t)"/>
    <xsl:sequence select="if ($t/@type = 'original' or empty($tr)) then ed:version-label($t)
                          else ed:lang-name(root($t)/TEI, ed:version-lang($t)) || ' — tr. ' || string-join($tr, ', ')"/>
  </xsl:function>

  <!-- A short tag of a version for a passage among others: "Russian", "English · Rozas". -->
  <xsl:function name="ed:version-tag" as="xs:string">
    <xsl:param name="t" as="element(text)"/>
    <xsl:variable name="tr" select="ed:version-translators($t) ! tokenize(., '\s+')[last()]"/>
    <xsl:sequence select="string-join((ed:lang-name(root($t)/TEI, ed:version-lang($t)),
                          string-join($tr, ', ')[not($t/@type = 'original')][.]), ' · ')"/>
  </xsl:function>

  <!-- Archival citation of a manuscript: "APRF, f. 45, op. 1, d. 329, ll. 29-38". -->
  <xsl:function name="ed:ms-citation" as="xs:string">
    <xsl:param name="ms" as="element(msDesc)"/>
    <xsl:variable name="id" select="$ms/msIdentifier"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:sequence select="$id/repository/normalize-space()"/>
      <!-- a raw reference (idno[@type='reference']) only when it is not broken down into parts -->
      <xsl:for-each select="$id/collection | $id/idno[not(@type = 'reference' and (../collection or ../idno[@type != 'reference']))]">
        <xsl:variable name="abbr" select="map{'fond':'f.', 'opis':'op.', 'papka':'pap.', 'por':'por.', 'delo':'d.', 'tom':'t.'}(string(@type))"/>
        <xsl:sequence select="normalize-space(string-join(($abbr, normalize-space(.)), ' '))"/>
      </xsl:for-each>
      <xsl:sequence select="$ms/msContents//locus/normalize-space()"/>
    </xsl:variable>
    <!-- a former signature, as written: "(formerly APRF, f. 45, op. 1, d. 329)" -->
    <xsl:variable name="former" select="$id/altIdentifier[@type = 'former']/idno[1]/normalize-space()"/>
    <xsl:sequence select="string-join(($parts[.] => string-join(', '), $former ! ('(formerly ' || . || ')')), ' ')"/>
  </xsl:function>

  <!-- One source (msDesc or bibl) as HTML phrasing content. Links only for http(s) targets.
       $compact: a bibl is cited by its publisher (or title) only, linked to its URL. -->
  <xsl:template name="ed:cite-source">
    <xsl:param name="src" as="element()"/>
    <xsl:param name="compact" as="xs:boolean" select="false()"/>
    <xsl:choose>
      <xsl:when test="$src/self::msDesc">
        <span class="source source-ms"><xsl:value-of select="ed:ms-citation($src)"/></span>
      </xsl:when>
      <xsl:when test="$compact">
        <xsl:variable name="label" select="normalize-space(($src/publisher, $src/title, $src/note[@type = 'citation'])[normalize-space()][1])"/>
        <xsl:variable name="url" select="$src/ptr/@target[matches(., '^https?://')][1]"/>
        <span class="source source-bibl">
          <xsl:choose>
            <xsl:when test="$url"><a class="url" href="{$url}"><xsl:value-of select="$label"/></a></xsl:when>
            <xsl:otherwise><xsl:value-of select="$label"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <span class="source source-bibl">
          <xsl:variable name="cit" select="normalize-space($src/note[@type = 'citation'][1])"/>
          <xsl:choose>
            <xsl:when test="$cit"><xsl:value-of select="$cit"/></xsl:when>
            <xsl:otherwise>
              <xsl:value-of select="string-join(($src/title[1], $src/publisher[1])/normalize-space()[.], '. ')"/>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:if test="$cit and $src/publisher and not(contains($cit, normalize-space($src/publisher[1])))">
            <xsl:value-of select="(if (matches($cit, '[.!?]$')) then ' ' else '. ') || normalize-space($src/publisher[1]) || '.'"/>
          </xsl:if>
          <xsl:for-each select="$src/ptr/@target[matches(., '^https?://')]">
            <xsl:text> </xsl:text><a class="url" href="{.}"><xsl:value-of select="."/></a>
          </xsl:for-each>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The conversation's metadata as a two-column table. -->
  <xsl:template name="ed:meta-table">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:param name="show-versions" as="xs:boolean" select="true()"/>
    <xsl:variable name="h" select="$tei/teiHeader"/>
    <table class="meta">
      <tbody>
        <xsl:call-template name="ed:meta-row">
          <xsl:with-param name="label" select="'Date'"/>
          <xsl:with-param name="value"><time datetime="{ed:when($tei)}"><xsl:value-of select="ed:date-text($tei)"/></time></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="ed:meta-row">
          <xsl:with-param name="label" select="'Place'"/>
          <xsl:with-param name="value" select="ed:place($tei)"/>
        </xsl:call-template>
        <xsl:call-template name="ed:meta-row">
          <xsl:with-param name="label" select="'Participants'"/>
          <xsl:with-param name="value" select="string-join(ed:participants($tei), '; ')"/>
        </xsl:call-template>
        <xsl:call-template name="ed:meta-row">
          <xsl:with-param name="label" select="'Classification'"/>
          <xsl:with-param name="value" select="string-join($h/profileDesc/textClass//term[@type = 'classification']/normalize-space(), '; ')"/>
        </xsl:call-template>
        <xsl:call-template name="ed:meta-row">
          <xsl:with-param name="label" select="'Archival source'"/>
          <xsl:with-param name="value">
            <xsl:for-each select="$h/fileDesc/sourceDesc/msDesc">
              <xsl:if test="position() gt 1"><br/></xsl:if>
              <xsl:call-template name="ed:cite-source"><xsl:with-param name="src" select="."/></xsl:call-template>
            </xsl:for-each>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="ed:meta-row">
          <xsl:with-param name="label" select="'Published sources'"/>
          <xsl:with-param name="value">
            <xsl:for-each select="$h/fileDesc/sourceDesc/bibl">
              <xsl:if test="position() gt 1"><br/></xsl:if>
              <xsl:if test="@type"><span class="source-type"><xsl:value-of select="upper-case(substring(@type, 1, 1)) || substring(@type, 2)"/>: </span></xsl:if>
              <xsl:call-template name="ed:cite-source"><xsl:with-param name="src" select="."/></xsl:call-template>
            </xsl:for-each>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="ed:meta-row">
          <xsl:with-param name="label" select="'Versions'"/>
          <xsl:with-param name="value" select="if ($show-versions) then string-join(ed:versions($tei) ! ed:version-summary(.), '; ') else ''"/>
        </xsl:call-template>
        <xsl:call-template name="ed:meta-row">
          <xsl:with-param name="label" select="'Translators'"/>
          <xsl:with-param name="value" select="string-join(ed:translators($tei), '; ')"/>
        </xsl:call-template>
        <xsl:call-template name="ed:meta-row">
          <xsl:with-param name="label" select="'Editor'"/>
          <xsl:with-param name="value" select="string-join($h/fileDesc/titleStmt/editor/normalize-space(), '; ')"/>
        </xsl:call-template>
        <xsl:call-template name="ed:meta-row">
          <xsl:with-param name="label" select="'Editorial notes'"/>
          <xsl:with-param name="value">
            <xsl:for-each select="$h/fileDesc/notesStmt/note">
              <xsl:if test="position() gt 1"><br/></xsl:if>
              <xsl:value-of select="normalize-space(.)"/>
            </xsl:for-each>
          </xsl:with-param>
        </xsl:call-template>
      </tbody>
    </table>
  </xsl:template>

  <!-- A table row, omitted when the value is empty. -->
  <xsl:template name="ed:meta-row">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="value" as="item()*"/>
    <xsl:if test="normalize-space(string-join($value ! string(.), ''))">
      <tr>
        <th scope="row"><xsl:value-of select="$label"/></th>
        <td><xsl:sequence select="$value"/></td>
      </tr>
    </xsl:if>
  </xsl:template>

  <!-- Summaries supplied with published translations. -->
  <xsl:template name="ed:summaries">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:for-each select="$tei/teiHeader/fileDesc/sourceDesc/bibl[note[@type = 'summary']]">
      <div class="summary">
        <p class="summary-label">Summary<xsl:if test="publisher"> (<xsl:value-of select="normalize-space(publisher[1])"/>)</xsl:if></p>
        <xsl:for-each select="note[@type = 'summary']">
          <xsl:choose>
            <xsl:when test="p"><xsl:for-each select="p"><p><xsl:apply-templates mode="summary"/></p></xsl:for-each></xsl:when>
            <xsl:otherwise><p><xsl:apply-templates mode="summary"/></p></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </div>
    </xsl:for-each>
  </xsl:template>

  <!-- A summary's words, its names (tagged in the header: issue 9) leading to the index of names on the web:
       those the text mentions too (the index lists what the texts mention). -->
  <xsl:function name="ed:indexed-ids" as="xs:string*" cache="yes">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="distinct-values($root//text//(persName | placeName | orgName)[@ref] ! ed:ref-id(.))"/>
  </xsl:function>
  <xsl:mode name="summary" on-no-match="text-only-copy"/>
  <xsl:template match="text()" mode="summary"><xsl:value-of select="replace(., '\s+', ' ')"/></xsl:template>
  <xsl:template match="persName[@ref] | placeName[@ref] | orgName[@ref]" mode="summary">
    <xsl:variable name="id" select="ed:ref-id(.)"/>
    <xsl:choose>
      <xsl:when test="$names-href and exists($id) and ed:indexed-ids(root(.)) = $id">
        <a class="{ed:class(.)}" href="{$names-href}#{$id}" title="{ed:mention-title(.)}"><xsl:apply-templates mode="summary"/></a>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="summary"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
