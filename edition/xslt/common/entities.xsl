<?xml version="1.0" encoding="UTF-8"?>
<!--
  Persons, places, organisations, dates and times in the text (see docs/entities.md).
  Included by xslt/common/text.xsl.

  - A mention is a persName, placeName or orgName inside a text; every mention gets
    the id "m-<n>" (n: its number in the document, with the tunnel prefix $id-prefix
    in print), the anchor the indexes of names point at.
  - A mention's @ref ("#id") points at its entity: a participant in
    teiHeader//particDesc, or a copy of a register entry in standOff. The "records"
    of an entity are every element with that xml:id (person, place, org) in the
    documents considered; what one copy lacks another may give.
  - On the web ($names-href set) a mention links to the entity's entry in the index
    of names; its title gives the preferred English name and the kind.
  - date and time carry a title with their normalised value.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- The web index of names (names.html); '' = names are not linked (print, tests). -->
  <xsl:param name="names-href" as="xs:string" select="''"/>
  <!-- Patterns of a first word that puts the family name first, for names the registers do not know
       (edition/data/name-order.toml, e.g. a pinyin syllable). -->
  <xsl:param name="family-name-first" as="xs:string*" select="()"/>

  <xsl:variable name="ed:kinds" as="xs:string+" select="'person', 'place', 'org'"/>
  <xsl:variable name="ed:collation" as="xs:string"
                select="'http://www.w3.org/2013/collation/UCA?lang=en;strength=secondary;fallback=yes'"/>

  <xsl:function name="ed:is-mention" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::persName or self::placeName or self::orgName][ancestor::text])"/>
  </xsl:function>

  <!-- The number of a mention among all mentions of its document (1, 2, …): what
       <xsl:number level="any" count="text//persName | text//placeName | text//orgName"/> gives, looked
       up in the numbers of the whole document, made once (an xsl:number per mention counts all the
       mentions before it: quadratic). -->
  <xsl:function name="ed:mention-no" as="xs:integer">
    <xsl:param name="m" as="element()"/>
    <xsl:sequence select="ed:mention-numbers(root($m))(generate-id($m))"/>
  </xsl:function>

  <xsl:function name="ed:mention-numbers" as="map(xs:string, xs:integer)" cache="yes">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="all" select="$root/descendant-or-self::*[self::persName or self::placeName or self::orgName][ancestor::text]"/>
    <xsl:sequence select="map:merge(for $i in 1 to count($all) return map{generate-id($all[$i]): $i})"/>
  </xsl:function>

  <xsl:function name="ed:mention-anchor" as="xs:string">
    <xsl:param name="m" as="element()"/>
    <xsl:sequence select="'m-' || ed:mention-no($m)"/>
  </xsl:function>

  <!-- The id a mention refers to: its first "#…" pointer, else (). -->
  <xsl:function name="ed:ref-id" as="xs:string?">
    <xsl:param name="m" as="element()"/>
    <xsl:sequence select="(tokenize(normalize-space($m/@ref), ' ')[starts-with(., '#')][string-length(.) gt 1])[1] ! substring(., 2)"/>
  </xsl:function>

  <!-- The mentions of a document that the indexes list: those with a @ref, outside the source
       readings of a choice (sic, orig: the web shows them only in a tooltip). -->
  <xsl:function name="ed:indexed-mentions" as="element()*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="root($doc)//text//(persName | placeName | orgName)[exists(ed:ref-id(.))][not(ancestor::sic or ancestor::orig)]"/>
  </xsl:function>

  <!-- Everything the documents say about entity $id: person/place/org elements with that xml:id. -->
  <xsl:function name="ed:entity-records" as="element()*">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="docs" as="node()*"/>
    <xsl:sequence select="$docs ! id($id, root(.))[self::person or self::place or self::org]"/>
  </xsl:function>

  <!-- 'person', 'place' or 'org': from the records, else from the mention's element. -->
  <xsl:function name="ed:entity-kind" as="xs:string">
    <xsl:param name="records" as="element()*"/>
    <xsl:param name="mention" as="element()?"/>
    <xsl:sequence select="($records[1] ! local-name(.),
                          $mention/(if (self::persName) then 'person' else if (self::placeName) then 'place' else 'org'))[1]"/>
  </xsl:function>

  <xsl:function name="ed:kind-label" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="(map{'person': 'person', 'place': 'place', 'org': 'organisation'}($kind), $kind)[1]"/>
  </xsl:function>

  <!-- The preferred name in $lang (type="preferred", else any name that is not a variant), or (). -->
  <xsl:function name="ed:entity-name" as="xs:string?">
    <xsl:param name="records" as="element()*"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:variable name="names" select="$records/(persName | placeName | orgName)[@xml:lang = $lang or starts-with(@xml:lang, $lang || '-')]"/>
    <xsl:sequence select="($names[@type = 'preferred'], $names[not(@type)])[normalize-space()][1]/normalize-space()"/>
  </xsl:function>

  <!-- What the entity is called in the indexes: English, else any preferred name, else the first mention. -->
  <xsl:function name="ed:entity-label" as="xs:string">
    <xsl:param name="records" as="element()*"/>
    <xsl:param name="mention" as="element()?"/>
    <xsl:variable name="names" select="$records/(persName | placeName | orgName)"/>
    <xsl:sequence select="(ed:entity-name($records, 'en'), $names[@type = 'preferred'][normalize-space()][1]/normalize-space(),
                          $names[normalize-space()][1]/normalize-space(), normalize-space($mention), ed:ref-id($mention), '?')[.][1]"/>
  </xsl:function>

  <!-- Chinese names put the family name first: a person with a preferred Chinese name.
       Participants are described in particDesc with English and Russian names only; for a
       person no register copy (standOff) describes, the name is taken as Chinese when the
       Russian name has no patronymic and the English name starts with a pinyin syllable
       (Mao Zedong / Мао Цзэдун, not Vyacheslav Molotov / Вячеслав Михайлович Молотов). -->
  <xsl:function name="ed:family-name-first" as="xs:boolean">
    <xsl:param name="records" as="element()*"/>
    <xsl:variable name="ru" select="ed:entity-name($records, 'ru')"/>
    <xsl:variable name="first" select="tokenize(ed:entity-name($records, 'en'), '\s+')[1]"/>
    <xsl:sequence select="exists(ed:entity-name($records, 'zh'))
                          or (empty($records[ancestor::standOff]) and exists($ru) and exists($first)
                              and not(some $w in tokenize($ru, '\s+') satisfies matches($w, '(вич|вна|ична|ич)$'))
                              and (some $pattern in $family-name-first satisfies matches($first, $pattern, 'i')))"/>
  </xsl:function>

  <!-- First sort key. Persons: the family name (Chinese names: the first word of the English
       name; others: the last word); sort by the whole name next. Organisations: the name
       without a leading "The". An explicit @sortKey on the entry wins. Compare with $ed:collation. -->
  <xsl:function name="ed:entity-sort-key" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="records" as="element()*"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:variable name="words" select="tokenize($label, '\s+')"/>
    <xsl:sequence select="if ($records/@sortKey[normalize-space()]) then normalize-space(($records/@sortKey)[1])
                          else if ($kind = 'person') then (if (ed:family-name-first($records)) then $words[1] else $words[last()])
                          else replace($label, '^the\s+', '', 'i')"/>
  </xsl:function>

  <!-- "Stalin, Joseph" (print index); Chinese names and single words as they are. -->
  <xsl:function name="ed:inverted-name" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="records" as="element()*"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:variable name="words" select="tokenize($label, '\s+')"/>
    <xsl:sequence select="if ($kind = 'person' and count($words) gt 1 and not(ed:family-name-first($records)))
                          then $words[last()] || ', ' || string-join($words[position() lt last()], ' ') else $label"/>
  </xsl:function>

  <xsl:function name="ed:year-of" as="xs:string?">
    <xsl:param name="e" as="element()?"/>
    <xsl:variable name="v" select="($e/@when, $e/@from, $e/@notBefore, $e/@to, $e/@notAfter)[1]"/>
    <xsl:sequence select="if ($v) then replace($v, '^(-?\d{3,4}).*$', '$1') else normalize-space($e)[.]"/>
  </xsl:function>

  <!-- "1893–1976", "born 1904", "died 1953" -->
  <xsl:function name="ed:life-dates" as="xs:string?">
    <xsl:param name="records" as="element()*"/>
    <xsl:variable name="b" select="ed:year-of(($records/birth)[1])"/>
    <xsl:variable name="d" select="ed:year-of(($records/death)[1])"/>
    <xsl:sequence select="if ($b and $d) then $b || '–' || $d else if ($b) then 'born ' || $b else if ($d) then 'died ' || $d else ()"/>
  </xsl:function>

  <xsl:function name="ed:occupations" as="xs:string?">
    <xsl:param name="records" as="element()*"/>
    <xsl:sequence select="string-join(distinct-values($records/occupation/normalize-space()[.]), '; ')[.]"/>
  </xsl:function>

  <!-- The Wikidata item ("Q855") of idno[@type='wikidata'], given as an item or as its URL. -->
  <xsl:function name="ed:wikidata" as="xs:string?">
    <xsl:param name="records" as="element()*"/>
    <xsl:sequence select="($records/idno[@type = 'wikidata']/normalize-space()[matches(., '(^|/)Q[1-9][0-9]*$')])[1]
                          ! replace(., '^.*?(Q[0-9]+)$', '$1')"/>
  </xsl:function>

  <!-- location/geo as "lat long" in decimal degrees (TEI's default), or (). -->
  <xsl:function name="ed:geo" as="xs:string?">
    <xsl:param name="records" as="element()*"/>
    <xsl:sequence select="($records/location/geo/normalize-space()[matches(., '^-?\d+(\.\d+)?[ ,]+-?\d+(\.\d+)?$')])[1]
                          ! replace(., '[ ,]+', ' ')"/>
  </xsl:function>

  <!-- "39.90° N, 116.41° E" -->
  <xsl:function name="ed:geo-text" as="xs:string">
    <xsl:param name="geo" as="xs:string"/>
    <xsl:variable name="c" select="tokenize($geo, ' ') ! xs:decimal(.)"/>
    <xsl:sequence select="format-number(abs($c[1]), '0.00') || '° ' || (if ($c[1] lt 0) then 'S' else 'N') || ', '
                          || format-number(abs($c[2]), '0.00') || '° ' || (if ($c[2] lt 0) then 'W' else 'E')"/>
  </xsl:function>

  <!-- "Joseph Stalin (person)": the title of a mention. -->
  <xsl:function name="ed:mention-title" as="xs:string">
    <xsl:param name="m" as="element()"/>
    <xsl:variable name="records" select="ed:ref-records(root($m), string($m/@ref))"/>
    <xsl:sequence select="if (empty($records)) then ed:entity-label($records, $m) || ' (' || ed:kind-label(ed:entity-kind($records, $m)) || ')'
                          else let $named := ed:records-title($records) return
                            ($named[1][.], normalize-space($m), ed:ref-id($m), '?')[.][1] || ' (' || $named[2] || ')'"/>
  </xsl:function>

  <!-- The records a mention's @ref points at (ed:targets), once per document and @ref. -->
  <xsl:function name="ed:ref-records" as="element()*" cache="yes">
    <xsl:param name="doc" as="node()"/>
    <xsl:param name="ref" as="xs:string"/>
    <xsl:sequence select="ed:targets($doc, $ref)[self::person or self::place or self::org]"/>
  </xsl:function>

  <!-- What ed:mention-title takes from the records of a mention, once per entity (a name is
       mentioned many times): the label from the records' names ('' if they have none, then the
       mention's text is used) and the kind. -->
  <xsl:function name="ed:records-title" as="xs:string+" cache="yes">
    <xsl:param name="records" as="element()+"/>
    <xsl:variable name="names" select="$records/(persName | placeName | orgName)"/>
    <xsl:sequence select="string((ed:entity-name($records, 'en'), $names[@type = 'preferred'][normalize-space()][1]/normalize-space(),
                                  $names[normalize-space()][1]/normalize-space())[.][1]),
                          ed:kind-label(local-name($records[1]))"/>
  </xsl:function>

  <!-- What a mention's template needs of its place in the document, from one accumulator (Saxon makes it in
       one pass over a document, the first time it is asked; a node's value is then a lookup, not a search or
       a count per mention): (the number of mentions so far, the mention itself included: ed:mention-no;
       how many mentions the node is in, itself included: 0 not a mention, 1 an outermost one). Asked of
       mentions only. -->
  <xsl:accumulator name="ed:mentions" as="xs:integer+" initial-value="0, 0">
    <xsl:accumulator-rule match="text//persName | text//placeName | text//orgName" phase="start" select="$value[1] + 1, $value[2] + 1"/>
    <xsl:accumulator-rule match="text//persName | text//placeName | text//orgName" phase="end" select="$value[1], $value[2] - 1"/>
  </xsl:accumulator>

  <!-- The title of a mention by its @ref, once per document and @ref, when it does not depend on the
       mention (its records give a name: ed:mention-title); else (). -->
  <xsl:function name="ed:ref-title" as="xs:string?" cache="yes">
    <xsl:param name="doc" as="node()"/>
    <xsl:param name="ref" as="xs:string"/>
    <xsl:variable name="records" select="ed:ref-records($doc, $ref)"/>
    <xsl:variable name="named" select="if (exists($records)) then ed:records-title($records) else ()"/>
    <xsl:sequence select="if ($named[1]) then $named[1] || ' (' || $named[2] || ')' else ()"/>
  </xsl:function>

  <!-- A mention: a link to the index of names on the web, a span with an anchor in print. The common
       attributes (class, lang, id) made here, as ed:attrs makes them (html.xsl's and text.xsl's give an
       element that is no passage the id of its @xml:id; a mention's own id replaces it): no call per mention. -->
  <xsl:template match="persName | placeName | orgName | name | rs" mode="text">
    <xsl:param name="id-prefix" tunnel="yes" as="xs:string" select="''"/>
    <!-- ed:is-mention (depth > 0), and not inside another mention (1), by the accumulator -->
    <xsl:variable name="acc" as="xs:integer*"
                  select="if (self::persName or self::placeName or self::orgName) then accumulator-before('ed:mentions') else ()"/>
    <xsl:variable name="depth" as="xs:integer" select="($acc[2], 0)[1]"/>
    <!-- ed:ref-id, without tokenizing a @ref of one pointer and no white space -->
    <xsl:variable name="ref" select="string(@ref)"/>
    <xsl:variable name="id" select="if ($depth eq 0 or not(@ref)) then ()
                                    else if (starts-with($ref, '#') and string-length($ref) gt 1 and not(contains($ref, ' '))
                                             and normalize-space($ref) eq $ref) then substring($ref, 2)
                                    else ed:ref-id(.)"/>
    <xsl:variable name="link" select="$depth eq 1 and exists($id) and $names-href and empty(descendant::note)"/>
    <xsl:element name="{if ($link) then 'a' else 'span'}">
      <xsl:attribute name="class" select="ed:class(.)"/>
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <xsl:choose>
        <xsl:when test="$depth gt 0"><xsl:attribute name="id" select="$id-prefix || 'm-' || $acc[1]"/></xsl:when>
        <xsl:when test="@xml:id"><xsl:attribute name="id" select="$id-prefix || @xml:id"/></xsl:when>
      </xsl:choose>
      <xsl:if test="@ref"><xsl:attribute name="data-ref" select="@ref"/></xsl:if>
      <xsl:if test="exists($id)"><xsl:attribute name="title" select="(ed:ref-title(root(), $ref), ed:mention-title(.))[1]"/></xsl:if>
      <xsl:if test="$link"><xsl:attribute name="href" select="$names-href || '#' || $id"/></xsl:if>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <!-- "1950-01-19 (inferred year)", "1951-01-01 – 1951-06-30", "some time between … and …" -->
  <xsl:function name="ed:date-title" as="xs:string?">
    <xsl:param name="d" as="element()"/>
    <xsl:variable name="cert" select="if ($d/@cert = 'medium') then ' (inferred year)' else $d/@cert ! (' (certainty: ' || . || ')')"/>
    <xsl:variable name="value" select="
        if ($d/@when) then string($d/@when)
        else if ($d/@from or $d/@to) then ($d/@from, '…')[1] || ' – ' || ($d/@to, '…')[1]
        else if ($d/@notBefore and $d/@notAfter) then 'some time between ' || $d/@notBefore || ' and ' || $d/@notAfter
        else if ($d/@notBefore) then 'not before ' || $d/@notBefore
        else if ($d/@notAfter) then 'not after ' || $d/@notAfter else ''"/>
    <xsl:sequence select="($value || $cert)[$value]"/>
  </xsl:function>

  <!-- "10:30", "duration: 2 h 30 min" -->
  <xsl:function name="ed:time-title" as="xs:string?">
    <xsl:param name="t" as="element()"/>
    <xsl:variable name="dur" select="$t/@dur[. castable as xs:dayTimeDuration] ! xs:dayTimeDuration(.)"/>
    <xsl:sequence select="if ($t/@when) then replace($t/@when, '^(\d\d:\d\d):00$', '$1')
                          else if (exists($dur)) then 'duration: ' || string-join((
                            (days-from-duration($dur) * 24 + hours-from-duration($dur))[. gt 0] ! (. || ' h'),
                            minutes-from-duration($dur)[. gt 0] ! (. || ' min')), ' ')
                          else $t/@dur ! ('duration: ' || .)"/>
  </xsl:function>

  <xsl:template match="date" mode="text">
    <time>
      <xsl:call-template name="ed:attrs"/>
      <xsl:if test="@when"><xsl:attribute name="datetime" select="@when"/></xsl:if>
      <xsl:if test="ed:date-title(.)"><xsl:attribute name="title" select="ed:date-title(.)"/></xsl:if>
      <xsl:apply-templates mode="text"/>
    </time>
  </xsl:template>

  <xsl:template match="time" mode="text">
    <time>
      <xsl:call-template name="ed:attrs"/>
      <xsl:if test="@when | @dur"><xsl:attribute name="datetime" select="(@when, @dur)[1]"/></xsl:if>
      <xsl:if test="ed:time-title(.)"><xsl:attribute name="title" select="ed:time-title(.)"/></xsl:if>
      <xsl:apply-templates mode="text"/>
    </time>
  </xsl:template>
</xsl:stylesheet>
