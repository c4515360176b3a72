<?xml version="1.0" encoding="UTF-8"?>
<!--
  The index of names as data, shared by the web page (xslt/names.xsl) and the
  printed index (xslt/common/names-print.xsl), and the contents page's rows
  (xslt/index.xsl). Included by names.xsl, index.xsl, extract.xsl and print.xsl,
  which import xslt/common/text.xsl (for entities.xsl and header.xsl).

  Made in two steps, so that a build reads each TEI document once and only when it changed
  (docs/scale.md):

  1. ed:document-extract($doc): what the contents and the index of names need of one
     document, as a small element (xslt/extract.xsl writes it to a file, which the
     build keeps as long as the TEI file is the same, and puts inside the listing's
     entries: edition/listing.py):

       <extract slug="…" when="…" sort-key="…" date="…" title="…" short="…" place="…">
         <participant>…</participant>…          (the contents' row)
         <summary>…</summary>…                  (each version, "Russian original (…)")
         <records>                              (every person/place/org with an xml:id, in
           <standOff><person xml:id="…">…</person></standOff>   document order, each in a
           <listPerson><person xml:id="…">…</person></listPerson> wrapper saying whether it
         </records>                                               stood in standOff)
         <entity id="stalin">                   (each entity the indexed mentions refer to,
           <first><persName ref="#stalin">…</persName></first>     in order of first mention)
           <used>stalin</used>…                 (its English mentions, lower case)
           <conv role="…">                   (the document's slug, when, date, title, short added by step 2)
             <version …/>… <mention n="m-3"/>…
           </conv>
         </entity>
       </extract>

  2. ed:merged-index($entries, $extracts): the index over all documents, from the extracts
     only (one pass, maps instead of searches). ed:entity-index($entries) is both steps for
     a listing's <conversation href="…" src="…"/> entries (the TEI loaded with doc(); an entry
     with an <extract> inside, as a build gives them, is not read), in the order the
     conversations are published. It returns, for every entity some mention refers to (grouped by the @ref id
     across all conversations):

    <entity id="stalin" kind="person|place|org" label="Joseph Stalin" inverted="Stalin, Joseph"
            sort="Stalin Joseph Stalin" resolved="true" ru="…" zh="…" dates="1878–1953"
            occupation="…" wikidata="Q855" geo="…">
      <see label="Port Arthur" sort="Port Arthur" kind="place"/>   (English variants used in the texts
                                                                     that sort elsewhere: "Port Arthur, see Lüshun")
      <conv href="….html" slug="…" when="1950-01-22" date="22 January 1950" title="…" short="…" role="speaker">
        <version id="ru" label="Russian original" lang="ru" count="12" first="m-3"/>   (versions naming it)
        <mention n="m-3"/>   (print anchors: consecutive mentions in one paragraph collapsed)
      </conv>
    </entity>

  The entities come unsorted: sort by @sort with $ed:collation.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:function name="ed:entity-index" as="element(Q{}entity)*">
    <xsl:param name="entries" as="element()*"/>
    <xsl:sequence select="ed:merged-index($entries, $entries ! ed:entry-extract(.))"/>
  </xsl:function>

  <!-- A listing entry's extract: the one inside the entry, where the build put it (edition/listing.py), else made
       now from its TEI. -->
  <xsl:function name="ed:entry-extract" as="element(Q{}extract)">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="($entry/Q{}extract, $entry[empty(Q{}extract)] ! ed:document-extract(doc(@src)))[1]"/>
  </xsl:function>

  <!-- The sort key of a listing entry (ed:sort-key of its TEI), from its extract when it has one. -->
  <xsl:function name="ed:entry-sort-key" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="if ($entry/Q{}extract) then string($entry/Q{}extract/@sort-key) else ed:sort-key(doc($entry/@src)/TEI)"/>
  </xsl:function>

  <!-- The parts of an entity's record that the index reads (ed:entity-name, ed:entity-label, ed:life-dates,
       ed:occupations, ed:wikidata, ed:geo in common/entities.xsl): an extract keeps only these, not the notes
       and bibliographies of every register entry in every document. A fact read from another part must be
       added here. -->
  <xsl:variable name="ed:record-parts" as="function(element()) as element()*"
                select="function($r) { $r/(persName | placeName | orgName | birth | death | occupation | idno | location) }"/>

  <!-- Step 1: what the contents and the index of names need of one document (see the top). Mentions are
       numbered once, through a map, rather than by xsl:number for each (which counts from the start). -->
  <xsl:function name="ed:document-extract" as="element(Q{}extract)">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="tei" select="$doc/TEI"/>
    <xsl:variable name="all" select="$doc//text//(persName | placeName | orgName)"/>
    <xsl:variable name="number" as="map(xs:string, xs:integer)"
                  select="map:merge(for $i in 1 to count($all) return map{generate-id($all[$i]): $i})"/>
    <xsl:variable name="title" select="ed:main-title($tei)"/>
    <xsl:element name="extract" namespace="">
      <xsl:attribute name="slug" select="ed:slug($tei)"/>
      <xsl:attribute name="when" select="ed:when($tei)"/>
      <xsl:attribute name="sort-key" select="ed:sort-key($tei)"/>
      <xsl:attribute name="date" select="ed:date-text($tei)"/>
      <xsl:attribute name="title" select="$title"/>
      <xsl:attribute name="short" select="ed:running-title($title, 64)"/>
      <xsl:attribute name="place" select="ed:place($tei)"/>
      <xsl:for-each select="ed:participants($tei)">
        <xsl:element name="participant" namespace=""><xsl:value-of select="."/></xsl:element>
      </xsl:for-each>
      <xsl:for-each select="ed:versions($tei)">
        <xsl:element name="summary" namespace=""><xsl:value-of select="ed:version-summary(.)"/></xsl:element>
      </xsl:for-each>
      <xsl:element name="records" namespace="">
        <xsl:for-each select="$doc//(person | place | org)[@xml:id]">
          <xsl:element name="{if (ancestor::standOff) then 'standOff' else 'listPerson'}" namespace="http://www.tei-c.org/ns/1.0">
            <xsl:copy copy-namespaces="no">
              <xsl:copy-of select="@*, $ed:record-parts(.)" copy-namespaces="no"/>
            </xsl:copy>
          </xsl:element>
        </xsl:for-each>
      </xsl:element>
      <!-- each version's label, language and mentions by entity, once (not per entity and version) -->
      <xsl:variable name="mentions" select="ed:indexed-mentions($doc)"/>
      <xsl:variable name="in-versions" as="map(*)*">
        <xsl:for-each select="ed:versions($tei)">
          <xsl:variable name="v" select="."/>
          <xsl:variable name="by-id" as="map(xs:string, element()+)">
            <xsl:map>
              <xsl:for-each-group select="($v//(persName | placeName | orgName) intersect $mentions)[ancestor::text[1] is $v]"
                                  group-by="ed:ref-id(.)">
                <xsl:map-entry key="current-grouping-key()" select="current-group()"/>
              </xsl:for-each-group>
            </xsl:map>
          </xsl:variable>
          <xsl:sequence select="map{'id': string((@xml:id, generate-id())[1]), 'label': ed:version-short(.),
                                    'lang': ed:version-lang(.), 'mentions': $by-id}"/>
        </xsl:for-each>
      </xsl:variable>
      <xsl:for-each-group select="$mentions" group-by="ed:ref-id(.)">
        <xsl:variable name="id" select="current-grouping-key()"/>
        <xsl:variable name="group" select="current-group()"/>
        <xsl:element name="entity" namespace="">
          <xsl:attribute name="id" select="$id"/>
          <xsl:element name="first" namespace="">
            <xsl:element name="{local-name()}" namespace="http://www.tei-c.org/ns/1.0">
              <xsl:copy-of select="@ref"/>
              <xsl:value-of select="."/>
            </xsl:element>
          </xsl:element>
          <xsl:for-each select="distinct-values($in-versions[starts-with(?lang, 'en')] ! ?mentions($id)
                                ! lower-case(normalize-space(.)))">
            <xsl:element name="used" namespace=""><xsl:value-of select="."/></xsl:element>
          </xsl:for-each>
          <xsl:element name="conv" namespace="">
            <xsl:attribute name="role" select="$tei/teiHeader/profileDesc/particDesc//person[@xml:id = $id]/@role"/>
            <xsl:for-each select="$in-versions">
              <xsl:variable name="in" select="?mentions($id)"/>
              <xsl:if test="exists($in)">
                <xsl:element name="version" namespace="">
                  <xsl:attribute name="id" select="?id"/>
                  <xsl:attribute name="label" select="?label"/>
                  <xsl:attribute name="lang" select="?lang"/>
                  <xsl:attribute name="count" select="count($in)"/>
                  <xsl:attribute name="first" select="'m-' || $number(generate-id($in[1]))"/>
                </xsl:element>
              </xsl:if>
            </xsl:for-each>
            <xsl:for-each select="$group">
              <xsl:variable name="i" select="position()"/>
              <xsl:if test="$i eq 1 or not(ed:block(.) is ed:block($group[$i - 1]))">
                <xsl:element name="mention" namespace=""><xsl:attribute name="n" select="'m-' || $number(generate-id(.))"/></xsl:element>
              </xsl:if>
            </xsl:for-each>
          </xsl:element>
        </xsl:element>
      </xsl:for-each-group>
    </xsl:element>
  </xsl:function>

  <!-- Step 2: the index from the documents' extracts ($extracts[i] is $entries[i]'s). An entity's records are
       its records in every document, in the order of the documents (what one copy lacks another may give);
       looked up in one map built once, not searched for in every document for every entity. -->
  <xsl:function name="ed:merged-index" as="element(Q{}entity)*">
    <xsl:param name="entries" as="element()*"/>
    <xsl:param name="extracts" as="element(Q{}extract)*"/>
    <xsl:variable name="records-of" as="map(xs:string, element()*)">
      <xsl:map>
        <xsl:for-each-group select="$extracts ! Q{}records/*/(person | place | org)" group-by="string(@xml:id)">
          <xsl:map-entry key="current-grouping-key()" select="current-group()"/>
        </xsl:for-each-group>
      </xsl:map>
    </xsl:variable>
    <xsl:variable name="href-of" as="map(xs:string, xs:string)"
                  select="map:merge(for $i in 1 to count($extracts) return map{generate-id($extracts[$i]): string($entries[$i]/@href)})"/>
    <xsl:for-each-group select="$extracts ! Q{}entity" group-by="@id">
      <xsl:variable name="id" select="current-grouping-key()"/>
      <xsl:variable name="records" select="$records-of($id)"/>
      <xsl:variable name="first" select="Q{}first/*"/>
      <xsl:variable name="kind" select="ed:entity-kind($records, $first)"/>
      <xsl:variable name="label" select="ed:entity-label($records, $first)"/>
      <xsl:element name="entity" namespace="">
        <xsl:attribute name="id" select="$id"/>
        <xsl:attribute name="kind" select="$kind"/>
        <xsl:attribute name="label" select="$label"/>
        <xsl:attribute name="inverted" select="ed:inverted-name($kind, $records, $label)"/>
        <xsl:attribute name="sort" select="ed:entity-sort-key($kind, $records, $label)"/>
        <xsl:attribute name="resolved" select="exists($records)"/>
        <xsl:variable name="facts" select="map{
            'ru': ed:entity-name($records, 'ru')[. ne $label], 'zh': ed:entity-name($records, 'zh')[. ne $label],
            'dates': ed:life-dates($records), 'occupation': ed:occupations($records),
            'wikidata': ed:wikidata($records), 'geo': ed:geo($records)}"/>
        <xsl:for-each select="map:keys($facts)[exists($facts(.))]">
          <xsl:attribute name="{.}" select="$facts(.)"/>
        </xsl:for-each>
        <!-- cross-references: English variants used in the texts that would be looked for elsewhere -->
        <xsl:variable name="used" select="distinct-values(current-group() ! Q{}used)"/>
        <xsl:variable name="key" select="ed:entity-sort-key($kind, $records, $label)"/>
        <xsl:for-each-group select="$records/(persName | placeName | orgName)[@type = 'variant'][@xml:lang = 'en']
                                    /normalize-space()[lower-case(.) = $used]" group-by="lower-case(replace(., '\W', ''))">
          <xsl:variable name="see-key" select="ed:entity-sort-key($kind, $records, .)"/>
          <xsl:if test="ed:initials($see-key) ne ed:initials($key)">
            <xsl:element name="see" namespace="">
              <xsl:attribute name="label" select="."/>
              <xsl:attribute name="sort" select="$see-key"/>
              <xsl:attribute name="kind" select="$kind"/>
            </xsl:element>
          </xsl:if>
        </xsl:for-each-group>
        <xsl:for-each select="current-group()">
          <xsl:element name="conv" namespace="">
            <xsl:attribute name="href" select="$href-of(generate-id(..))"/>
            <xsl:sequence select="../(@slug, @when, @date, @title, @short), Q{}conv/(@*, *)"/>
          </xsl:element>
        </xsl:for-each>
      </xsl:element>
    </xsl:for-each-group>
  </xsl:function>

  <!-- The first three letters, without case and accents: "Lüshun" and "Lushunkou" sort together. -->
  <xsl:function name="ed:initials" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="substring(lower-case(replace(normalize-unicode($s, 'NFD'), '\p{Mn}', '')), 1, 3)"/>
  </xsl:function>

  <!-- The paragraph-like element a mention stands in (for collapsing mentions in print). -->
  <xsl:function name="ed:block" as="element()">
    <xsl:param name="m" as="element()"/>
    <xsl:sequence select="($m/ancestor::*[self::p or self::head or self::ab or self::item or self::note or self::dateline
                          or self::signed or self::salute or self::speaker or self::trailer or self::byline or self::l][1], $m/..)[1]"/>
  </xsl:function>

  <!-- "Russian original", "English (Rozas)", "English translation" -->
  <xsl:function name="ed:version-short" as="xs:string">
    <xsl:param name="t" as="element(text)"/>
    <xsl:variable name="tr" select="ed:version-translators($t) ! tokenize(., '\s+')[last()]"/>
    <xsl:sequence select="if ($t/@type = 'original' or empty($tr)) then ed:version-label($t)
                          else ed:lang-name(root($t)/TEI, ed:version-lang($t)) || ' (' || string-join($tr, ', ') || ')'"/>
  </xsl:function>

  <!-- The title cut at a word boundary to at most $max characters (running heads, lists). -->
  <xsl:function name="ed:running-title" as="xs:string">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="max" as="xs:integer"/>
    <xsl:sequence select="if (string-length($title) le $max) then $title
                          else replace(replace(substring($title, 1, $max), '\s+\S*$', ''), '[\s,;:]+$', '') || ' …'"/>
  </xsl:function>
</xsl:stylesheet>
